// Title: Organizations that signed or cooperate with a district
// Shows: the organizations that signed with or cooperate with a district (in either
//   direction) or signed projects located in it, with the projects and investments.
// Params:
//   :param district => '魏都区'
MATCH (d:Place {name: $district})
CALL (d) {
  MATCH (o:Organization)-[r:SIGNED|COOPERATES_WITH]-(d)
  RETURN o, type(r) AS relation, r.project AS project, r.investment AS investment,
         r.evidence AS evidence
  UNION
  MATCH (o:Organization)-[r:SIGNED|COOPERATES_WITH]->(pr:Project)-[:LOCATED_IN*1..4]->(d)
  RETURN o, type(r) AS relation, pr.name AS project,
         coalesce(r.investment, pr.investment) AS investment, r.evidence AS evidence
}
RETURN o.name AS organization,
       o.kind AS kind,
       relation,
       project,
       investment,
       evidence
ORDER BY organization, relation, project
