// Title: Positions held by a person, and who else held the same title
// Shows: each title a person holds at an organization, when it was first and last
//   reported, and the other people reported with the same title at that organization.
// Params:
//   :param name => '马正兰'
MATCH (p:Person {name: $name})-[r:HOLDS_POSITION]->(o:Organization)
OPTIONAL MATCH (a:Article {article_id: r.article})
WITH p, o, r.title AS title, min(a.date) AS first_reported, max(a.date) AS last_reported,
     count(r) AS reports
OPTIONAL MATCH (other:Person)-[r2:HOLDS_POSITION]->(o)
WHERE other <> p AND r2.title = title
RETURN title,
       o.name AS organization,
       first_reported,
       last_reported,
       reports,
       collect(DISTINCT other.name) AS others_with_title
ORDER BY organization, title
