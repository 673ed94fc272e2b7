/// Small generic graph algorithms over a `successors:` closure.

/// Orders `nodes` so that every node comes after all its predecessors (Kahn's algorithm, ties broken
/// by the order of `nodes`). `predecessors(n)` lists the nodes `n` depends on; each must be in `nodes`.
/// Returns `.failure` with the nodes of one cycle, in order, first node repeated at the end.
func topologicalOrder<Node: Hashable & Sendable>(_ nodes: [Node], predecessors: (Node) -> [Node]) -> Result<[Node], CycleFound<Node>> {
    var index: [Node: Int] = [:]
    for (i, node) in nodes.enumerated() { index[node] = i }
    var remaining = [Int](repeating: 0, count: nodes.count)
    var successors = [[Int]](repeating: [], count: nodes.count)
    for (i, node) in nodes.enumerated() {
        for p in predecessors(node) {
            guard let j = index[p] else { continue }
            remaining[i] += 1
            successors[j].append(i)
        }
    }
    var ready = (0..<nodes.count).filter { remaining[$0] == 0 }
    var head = 0
    var order: [Node] = []
    order.reserveCapacity(nodes.count)
    while head < ready.count {
        let i = ready[head]
        head += 1
        order.append(nodes[i])
        for s in successors[i] {
            remaining[s] -= 1
            if remaining[s] == 0 { ready.append(s) }
        }
    }
    if order.count == nodes.count { return .success(order) }
    // Walk predecessors among the unfinished nodes until one repeats: that is a cycle.
    let unfinished = Set((0..<nodes.count).filter { remaining[$0] > 0 })
    guard var current = unfinished.min() else { return .success(order) }
    var seen: [Int: Int] = [:]
    var path: [Int] = []
    while seen[current] == nil {
        seen[current] = path.count
        path.append(current)
        guard let next = predecessors(nodes[current]).compactMap({ index[$0] }).first(where: { unfinished.contains($0) })
        else { break }
        current = next
    }
    let start = seen[current] ?? 0
    let cycle = Array(path[start...].reversed()).map { nodes[$0] }
    return .failure(CycleFound(nodes: cycle + [cycle[0]]))
}

struct CycleFound<Node: Hashable & Sendable>: Error {
    let nodes: [Node]
}

/// Every node reachable from `roots` through `successors`, roots included.
func reachable<Node: Hashable>(from roots: [Node], successors: (Node) -> [Node]) -> Set<Node> {
    var seen = Set(roots)
    var stack = roots
    while let node = stack.popLast() {
        for next in successors(node) where seen.insert(next).inserted { stack.append(next) }
    }
    return seen
}
