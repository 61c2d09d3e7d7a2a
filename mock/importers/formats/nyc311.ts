import { clean, coordinates, readCsv, zonedTime, type SourceFormat } from '../source-row';

/** NYC 311 service requests (NYC Open Data erm2-nwe9 export); New York local times, 12-hour clock. */
export const nyc311: SourceFormat = {
  name: 'nyc311',
  zone: 'America/New_York',
  read: (text) =>
    readCsv(text, ['Unique Key', 'Created Date', 'Closed Date', 'Complaint Type', 'Status', 'Latitude', 'Longitude']).map(({ line, record: r }) => {
      const complaint = clean(r['Complaint Type']);
      const descriptor = clean(r.Descriptor);
      const borough = clean(r.Borough);
      return {
        line,
        id: clean(r['Unique Key']),
        typeKeys: descriptor ? [`${complaint} / ${descriptor}`, complaint] : [complaint],
        status: clean(r.Status),
        notes: clean(r['Resolution Description']),
        channel: clean(r['Open Data Channel Type']),
        district: borough.toLowerCase() === 'unspecified' ? '' : borough,
        created: clean(r['Created Date']),
        closed: clean(r['Closed Date']),
        ...coordinates(r.Longitude, r.Latitude),
        description: [[complaint, descriptor].filter(Boolean).join(': '), clean(r['Incident Address'])].filter(Boolean).join(' — '),
      };
    }),
  parseTime: (text, zone) => {
    const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([AP]M)$/i.exec(text.trim());
    if (!m || +m[4] < 1 || +m[4] > 12) return undefined;
    const hour = (+m[4] % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
    return zonedTime([+m[3], +m[1], +m[2], hour, +m[5], +m[6]], zone);
  },
};
