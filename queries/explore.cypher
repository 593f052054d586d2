// Explore: questions a key-account manager asks of the shared graph, to paste into Neo4j
// Browser. Each takes its values as parameters: set them first with the line under
// `// params:` (in Browser, `:params {…}`), then run the query. kamgraph never runs these;
// tests/test_explore.py runs each on the samples and checks it against kamgraph's own answer.
// Our people are those of an organisation whose kind is $own ("own"); a deciding role is one
// of $deciding; a committee seat's roles, stance and influence win over the person's own.

// name: decision_makers_nobody_knows
// Decision-makers on open deals whom nobody on our side knows directly: each deal, the person,
// their title, and whether anyone of ours can reach them at all (a route of up to 8
// introductions over who knows whom and reporting lines). $account: one account, or null for all.
// params: {"account": null, "own": "own", "deciding": ["economic_buyer", "decision_maker"]}
MATCH (d:Person)-[s:ON_COMMITTEE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Organisation)
WHERE o.open AND ($account IS NULL OR a.id = $account)
  AND any(r IN CASE WHEN size(coalesce(s.roles, [])) > 0 THEN s.roles ELSE coalesce(d.roles, []) END
          WHERE r IN $deciding)
  AND NOT EXISTS { (d)-[:KNOWS]-(:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) }
RETURN a.name AS account, o.id AS deal, o.name AS deal_name, d.id AS person, d.name AS name, d.title AS title,
       EXISTS { (d)-[:KNOWS|REPORTS_TO*1..8]-(:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) } AS reachable
ORDER BY account, deal, name, person

// name: deals_on_one_thread
// Deals hanging on one thread: open deals with a decision-maker whom nobody of ours knows
// directly and whom every route from our team (up to 12 introductions over who knows whom
// and reporting lines) reaches through one and the same person, the single point: lose
// them and the decision-maker is cut off. $account: one account, or null for all.
// params: {"account": null, "own": "own", "deciding": ["economic_buyer", "decision_maker"]}
MATCH (d:Person)-[s:ON_COMMITTEE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Organisation)
WHERE o.open AND ($account IS NULL OR a.id = $account)
  AND any(r IN CASE WHEN size(coalesce(s.roles, [])) > 0 THEN s.roles ELSE coalesce(d.roles, []) END
          WHERE r IN $deciding)
  AND NOT EXISTS { (d)-[:KNOWS]-(:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) }
WITH a, o, d, COLLECT { MATCH (us:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) RETURN us } AS team
UNWIND team AS us
OPTIONAL MATCH route = shortestPath((us)-[:KNOWS|REPORTS_TO*..12]-(d))
WITH a, o, d, team, collect(route) AS routes
WHERE size(routes) > 0
UNWIND routes AS route
UNWIND nodes(route)[1..-1] AS c
WITH DISTINCT a, o, d, team, c
WHERE NOT c IN team
  AND NOT EXISTS {
    UNWIND team AS us
    MATCH other = shortestPath((us)-[:KNOWS|REPORTS_TO*..12]-(d))
    WHERE none(n IN nodes(other) WHERE n = c)
  }
RETURN a.name AS account, o.id AS deal, o.name AS deal_name, d.id AS decision_maker, d.name AS name,
       c.id AS single_point, c.name AS single_point_name
ORDER BY account, deal, decision_maker, single_point

// name: high_influence_detractors
// High-influence detractors on open deals: committee members whose stance on that deal is
// detractor and whose influence on it is high, with who on our side knows them (strongest
// first). $account: one account, or null for all.
// params: {"account": null, "own": "own", "detractor": "detractor", "high": "high"}
MATCH (p:Person)-[s:ON_COMMITTEE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Organisation)
WHERE o.open AND ($account IS NULL OR a.id = $account)
  AND coalesce(s.stance, p.stance) = $detractor AND coalesce(s.influence, p.influence) = $high
RETURN a.name AS account, o.id AS deal, o.name AS deal_name, p.id AS person, p.name AS name, p.title AS title,
       COLLECT { MATCH (p)-[k:KNOWS]-(us:Person)-[:MEMBER_OF]->(:Organisation {kind: $own})
                 RETURN us.name ORDER BY k.strength DESC, us.name } AS known_by
ORDER BY account, deal, name, person

// name: our_only_threads
// Our people who are an account's only thread: the one person on our side who knows anyone
// there (by a relationship of some strength), with how many of the account's people they
// know. Lose them and we know nobody at that account.
// params: {"own": "own", "client": "client"}
MATCH (a:Organisation {kind: $client})<-[:MEMBER_OF]-(them:Person)-[k:KNOWS]-(us:Person)
      -[:MEMBER_OF]->(:Organisation {kind: $own})
WHERE k.strength > 0
WITH a, collect(DISTINCT us) AS ours, count(DISTINCT them) AS known
WHERE size(ours) = 1
RETURN a.name AS account, a.id AS account_id, ours[0].id AS person, ours[0].name AS name, known AS people_known
ORDER BY account

// name: stale_relationships
// Relationships not touched in $days days (as of $today): each client person whom we know,
// but with whom nobody of ours has been in contact since; the last contact and who had it.
// Relationships with no date of contact at all are left out, as kamgraph risk does.
// params: {"account": null, "own": "own", "client": "client", "today": "2026-11-23", "days": 90}
MATCH (a:Organisation {kind: $client})<-[:MEMBER_OF]-(them:Person)-[k:KNOWS]-(us:Person)
      -[:MEMBER_OF]->(:Organisation {kind: $own})
WHERE k.strength > 0 AND ($account IS NULL OR a.id = $account)
WITH a, them, max(date(k.last_contact)) AS last,
     collect({who: us.name, when: date(k.last_contact)}) AS contacts
WHERE last < date($today) - duration({days: $days})
RETURN a.name AS account, them.id AS person, them.name AS name, them.title AS title, last AS last_contact,
       [c IN contacts WHERE c.when = last | c.who] AS last_by
ORDER BY account, last_contact, name, person

// name: units_buying_nothing
// Units that buy nothing from us: no product of ours active or in pilot there, with their
// head-count, who we know there and what the competition sells them. Largest first.
// $account: one account, or null for all.
// params: {"account": null, "own": "own", "adopted": ["active", "pilot"]}
MATCH (u:Unit)-[:UNIT_OF]->(a:Organisation)
WHERE ($account IS NULL OR a.id = $account)
  AND NOT EXISTS { (u)-[r:ADOPTS]->(:Product) WHERE r.status IN $adopted }
RETURN a.name AS account, u.id AS unit, u.name AS name, u.headcount AS headcount,
       COLLECT { MATCH (u)<-[:IN_UNIT]-(p:Person)-[:KNOWS]-(:Person)-[:MEMBER_OF]->(:Organisation {kind: $own})
                 RETURN DISTINCT p.name ORDER BY p.name } AS we_know,
       COLLECT { MATCH (u)-[r:ADOPTS]->(x:Product) WHERE r.competitor IS NOT NULL
                 RETURN {product: x.name, competitor: r.competitor} ORDER BY x.name } AS competitors
ORDER BY account, headcount DESC, name, unit

// name: warm_route_to
// The shortest warm route from our team to person $person: who introduces whom (over who
// knows whom and reporting lines, at most 8 introductions; a relationship of strength 0
// introduces nobody), with each step's strength and last contact. One route per person of
// ours who has one, the shortest first.
// params: {"person": "mer-rachel-okafor", "own": "own"}
MATCH (target:Person {id: $person})
WITH target, COLLECT { MATCH (us:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) RETURN us } AS team
UNWIND team AS us
MATCH route = shortestPath((us)-[:KNOWS|REPORTS_TO*..8]-(target))
WHERE all(r IN relationships(route) WHERE coalesce(r.strength, 1.0) > 0)
WITH us, route, team
WHERE none(n IN nodes(route)[1..] WHERE n IN team)  // a colleague on the way has the shorter route
RETURN us.name AS from, length(route) AS hops, [n IN nodes(route) | n.name] AS people,
       [r IN relationships(route) | {type: type(r), strength: r.strength, last_contact: r.last_contact}] AS steps
ORDER BY hops, from

// name: who_sways_the_economic_buyer
// Who sways the economic buyer of deal $deal: everyone with an INFLUENCES relationship to a
// person holding the economic buyer's role on that deal, the weight of that influence, their
// stance and whether anyone of ours knows them. Strongest influence first.
// params: {"deal": "mer-opp-analytics", "own": "own", "role": "economic_buyer"}
MATCH (eb:Person)-[s:ON_COMMITTEE]->(o:Opportunity {id: $deal})
WHERE $role IN CASE WHEN size(coalesce(s.roles, [])) > 0 THEN s.roles ELSE coalesce(eb.roles, []) END
MATCH (who:Person)-[i:INFLUENCES]->(eb)
RETURN eb.name AS economic_buyer, who.id AS person, who.name AS name, who.title AS title, i.weight AS weight,
       coalesce(COLLECT { MATCH (who)-[seat:ON_COMMITTEE]->(o) RETURN seat.stance }[0], who.stance) AS stance,
       EXISTS { (who)-[:KNOWS]-(:Person)-[:MEMBER_OF]->(:Organisation {kind: $own}) } AS known_to_us
ORDER BY weight DESC, name, person
