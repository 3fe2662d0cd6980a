// Title: Organizations that signed or cooperate with a district
// Shows: the organizations that signed with or cooperate with a district (in either
//   direction) — the district's place node or its own bodies (老城区政府 for 老城区) —
//   or signed projects located in it, with the projects and investments; Browser draws
//   the district's bodies, their partners and the projects.
:param district => '老城区';
MATCH (d)
WHERE (d:Place AND d.name = $district) OR (d:Organization AND d.name STARTS WITH $district)
CALL (d) {
  MATCH link = (o:Organization)-[r:SIGNED|COOPERATES_WITH]-(d)
  WHERE NOT o.name STARTS WITH $district
  RETURN o, type(r) AS relation, r.project AS project, r.investment AS investment,
         r.evidence AS evidence, link
  UNION
  MATCH link = (o:Organization)-[r:SIGNED|COOPERATES_WITH]->(pr:Project)-[:LOCATED_IN*1..4]->(d)
  RETURN o, type(r) AS relation, pr.name AS project,
         coalesce(r.investment, pr.investment) AS investment, r.evidence AS evidence, link
}
RETURN o.name AS organization,
       o.kind AS kind,
       relation,
       project,
       investment,
       evidence,
       link AS graph
ORDER BY organization, relation, project
