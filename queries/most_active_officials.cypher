// Title: Most active officials by period
// Shows: the people with the most events (chaired, attended, spoke at, led) between two
//   dates (an event without its own date takes its article's), with the count per
//   role and the number of articles reporting them.
// Dates: null = no bound; an event of unknown date shows only when both are null.
:param from_date => null;
:param to_date => null;
:param limit => 20;
MATCH (p:Person)-[r:CHAIRED|ATTENDED|SPOKE_AT|LED]->(e:Event)
OPTIONAL MATCH (a:Article {article_id: r.article})
WITH p, r, e, coalesce(e.date, a.date) AS date
WHERE ($from_date IS NULL OR date >= $from_date) AND ($to_date IS NULL OR date <= $to_date)
WITH p,
     count(DISTINCT e) AS events,
     count(DISTINCT CASE WHEN type(r) = 'CHAIRED' THEN e END) AS chaired,
     count(DISTINCT CASE WHEN type(r) = 'ATTENDED' THEN e END) AS attended,
     count(DISTINCT CASE WHEN type(r) = 'SPOKE_AT' THEN e END) AS spoke,
     count(DISTINCT CASE WHEN type(r) = 'LED' THEN e END) AS led,
     count(DISTINCT r.article) AS articles
RETURN p.name AS person, p.city AS city, events, chaired, attended, spoke, led, articles
ORDER BY events DESC, articles DESC, person
LIMIT toInteger($limit)
