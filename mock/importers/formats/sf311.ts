import { clean, coordinates, readCsv, zonedTime, type SourceFormat } from '../source-row';

/**
 * San Francisco 311 cases (BigQuery public copy of DataSF). Times end in "+00:00" but are
 * Pacific local time (the copy mislabels them), so the suffix is ignored and the zone applied.
 */
export const sf311: SourceFormat = {
  name: 'sf311',
  zone: 'America/Los_Angeles',
  read: (text) =>
    readCsv(text, ['unique_key', 'created_date', 'closed_date', 'status', 'category', 'latitude', 'longitude']).map(({ line, record: r }) => {
      const category = clean(r.category);
      const complaint = clean(r.complaint_type);
      const district = clean(r.supervisor_district);
      return {
        line,
        id: clean(r.unique_key),
        typeKeys: complaint ? [`${category} / ${complaint}`, category] : [category],
        status: clean(r.status),
        notes: clean(r.status_notes),
        channel: clean(r.source),
        // -1 is the portal's "no district".
        district: district === '-1' ? '' : district,
        created: clean(r.created_date),
        closed: clean(r.closed_date),
        ...coordinates(r.longitude, r.latitude),
        description: [[category, complaint, clean(r.descriptor)].filter(Boolean).join(': '), clean(r.incident_address)]
          .filter(Boolean)
          .join(' — '),
      };
    }),
  parseTime: (text, zone) => {
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\+00:00)?$/.exec(text.trim());
    return m ? zonedTime([+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]], zone) : undefined;
  },
};
