// Title: A person's timeline
// Shows: every meeting, activity and inspection a person chaired, attended, spoke at or led,
//   in date order (an event without its own date takes its article's), with the sentence
//   that says so and the article it is from.
:param name => '赵鹏';
MATCH (p:Person {name: $name})-[r:CHAIRED|ATTENDED|SPOKE_AT|LED]->(e:Event)
OPTIONAL MATCH (a:Article {article_id: r.article})
RETURN coalesce(e.date, a.date) AS date,
       type(r) AS role,
       e.name AS event,
       e.type AS kind,
       p.city AS city,
       r.evidence AS evidence,
       a.title AS article
ORDER BY date, event, role
