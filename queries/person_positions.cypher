// Title: Positions held by a person, and who else held the same title
// Shows: each title a person holds at an organization, when it was first and last
//   reported, and the other people reported with the same title at that organization;
//   Browser draws the person, the organizations and the others.
:param name => '马正兰';
MATCH position = (p:Person {name: $name})-[r:HOLDS_POSITION]->(o:Organization)
OPTIONAL MATCH (a:Article {article_id: r.article})
WITH p, o, r.title AS title, min(a.date) AS first_reported, max(a.date) AS last_reported,
     count(r) AS reports, collect(position) AS positions
OPTIONAL MATCH same = (other:Person)-[r2:HOLDS_POSITION]->(o)
WHERE other <> p AND r2.title = title
WITH title, o, first_reported, last_reported, reports, positions,
     collect(DISTINCT other.name) AS others_with_title, collect(same) AS same
RETURN title,
       o.name AS organization,
       first_reported,
       last_reported,
       reports,
       others_with_title,
       positions + same AS graph
ORDER BY organization, title
