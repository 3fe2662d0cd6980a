// Title: People of an organization
// Shows: who holds which title at an organization (its exact name or a part of it, e.g.
//   组织部), with how many articles report it; Browser draws the organizations and
//   their people.
:param organization => '许昌市委';
MATCH position = (p:Person)-[r:HOLDS_POSITION]->(o:Organization)
WHERE o.name = $organization OR o.name CONTAINS $organization
RETURN o.name AS organization,
       r.title AS title,
       p.name AS person,
       count(DISTINCT r.article) AS articles,
       collect(position) AS graph
ORDER BY organization, title, person
