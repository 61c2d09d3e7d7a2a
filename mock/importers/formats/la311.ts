import { clean, coordinates, fullYear, readCsv, zonedTime, type SourceFormat } from '../source-row';

/**
 * MyLA311 service requests (hackforla/311-data seed layout). Times are Los Angeles local
 * time written `M/D/YY H:MM`. A few "Closed" rows have no closeddate; their updateddate is
 * when they were closed.
 */
export const la311: SourceFormat = {
  name: 'la311',
  zone: 'America/Los_Angeles',
  read: (text) =>
    readCsv(text, ['srnumber', 'requesttype', 'status', 'createddate', 'closeddate', 'latitude', 'longitude']).map(({ line, record: r }) => {
      const status = clean(r.status);
      return {
        line,
        id: clean(r.srnumber),
        typeKeys: [clean(r.requesttype)],
        status,
        notes: '',
        channel: clean(r.requestsource),
        district: clean(r.cd),
        created: clean(r.createddate),
        closed: clean(r.closeddate) || (status.toLowerCase() === 'closed' ? clean(r.updateddate) : ''),
        ...coordinates(r.longitude, r.latitude),
        description: [clean(r.requesttype), clean(r.address)].filter(Boolean).join(' — '),
      };
    }),
  parseTime: (text, zone) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2})$/.exec(text.trim());
    return m ? zonedTime([fullYear(+m[3]), +m[1], +m[2], +m[4], +m[5]], zone) : undefined;
  },
};
