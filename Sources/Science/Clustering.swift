/// Agglomerative (hierarchical) clustering with average linkage (UPGMA), for small similarity matrices.
public enum Clustering {
    /// Splits items 0..<n into `clusters` groups by average-linkage agglomeration on the distance
    /// `1 - similarity[i][j]` (the mean pairwise distance between two groups decides which merge next;
    /// ties go to the pair with the smallest indices). Groups are returned sorted, each by its smallest member.
    public static func averageLinkage(similarity: [[Double]], clusters: Int) -> [[Int]] {
        let n = similarity.count
        var groups = (0..<n).map { [$0] }
        let target = max(1, clusters)
        while groups.count > target {
            var best = (i: 0, j: 1, distance: Double.infinity)
            for i in groups.indices {
                for j in groups.indices where j > i {
                    var sum = 0.0
                    for p in groups[i] { for q in groups[j] { sum += 1 - similarity[p][q] } }
                    let distance = sum / Double(groups[i].count * groups[j].count)
                    if distance < best.distance { best = (i, j, distance) }
                }
            }
            groups[best.i] += groups[best.j]
            groups.remove(at: best.j)
        }
        return groups.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// Mean of `matrix[a][b]` over pairs a != b in the same group, and over pairs in different groups.
    public static func withinAndBetween(_ matrix: [[Double]], groups: [[Int]]) -> (within: Double, between: Double) {
        var group = [Int](repeating: -1, count: matrix.count)
        for (g, members) in groups.enumerated() { for m in members { group[m] = g } }
        var within = (0.0, 0), between = (0.0, 0)
        for a in matrix.indices {
            for b in matrix.indices where a != b {
                if group[a] == group[b] { within = (within.0 + matrix[a][b], within.1 + 1) }
                else { between = (between.0 + matrix[a][b], between.1 + 1) }
            }
        }
        return (within.1 > 0 ? within.0 / Double(within.1) : 0, between.1 > 0 ? between.0 / Double(between.1) : 0)
    }
}
