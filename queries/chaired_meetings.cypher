// Title: Who chaired which meetings
// Shows: each meeting and the officials who chaired it, with the date, the other
//   participants' count and the evidence sentence, within a date range (an event
//   without its own date takes its article's).
// Dates: null = no bound; an event of unknown date shows only when both are null.
:param from_date => null;
:param to_date => null;
MATCH (p:Person)-[r:CHAIRED]->(e:Event)
WHERE e.type = 'meeting'
OPTIONAL MATCH (a:Article {article_id: r.article})
WITH p, r, e, coalesce(e.date, a.date) AS date
WHERE ($from_date IS NULL OR date >= $from_date) AND ($to_date IS NULL OR date <= $to_date)
OPTIONAL MATCH (e)<-[:ATTENDED|SPOKE_AT]-(other:Person)
WITH e, p, r, date, count(DISTINCT other) AS participants
RETURN date,
       e.name AS meeting,
       p.name AS chair,
       participants,
       r.evidence AS evidence
ORDER BY date, meeting, chair
