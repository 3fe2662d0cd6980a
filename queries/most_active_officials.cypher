// Title: Most active officials by period
// Shows: the people with the most events (chaired, attended, spoke at, led) between two
//   dates, with the count per role and the number of articles reporting them.
// Params:
//   :param from_date => '1900-01-01'
//   :param to_date => '2999-12-31'
//   :param limit => 20
MATCH (p:Person)-[r:CHAIRED|ATTENDED|SPOKE_AT|LED]->(e:Event)
WHERE coalesce(e.date, '') >= $from_date AND coalesce(e.date, '9999') <= $to_date
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
