// Title: Who chaired which meetings
// Shows: each meeting and the officials who chaired it, with the date, the other
//   participants' count and the evidence sentence, within a date range.
// Params:
//   :param from_date => '1900-01-01'
//   :param to_date => '2999-12-31'
MATCH (p:Person)-[r:CHAIRED]->(e:Event)
WHERE e.type = 'meeting'
  AND coalesce(e.date, '') >= $from_date AND coalesce(e.date, '9999') <= $to_date
OPTIONAL MATCH (e)<-[:ATTENDED|SPOKE_AT]-(other:Person)
WITH e, p, r, count(DISTINCT other) AS participants
RETURN e.date AS date,
       e.name AS meeting,
       p.name AS chair,
       participants,
       r.evidence AS evidence
ORDER BY date, meeting, chair
