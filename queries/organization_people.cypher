// Title: People of an organization
// Shows: who holds which title at an organization (exact name or a part of it, e.g.
//   组织部), with how many articles report it.
// Params:
//   :param organization => '市委'
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization)
WHERE o.name = $organization OR o.name CONTAINS $organization
RETURN o.name AS organization,
       r.title AS title,
       p.name AS person,
       count(DISTINCT r.article) AS articles
ORDER BY organization, title, person
