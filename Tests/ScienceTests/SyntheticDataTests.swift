import Testing
import Foundation
@testable import Science
import Tensors

/// Region membership recomputed from the SPEC formulas, independently of `Region`.
private func specMembership(_ x: ArraySlice<Float>) -> [Bool] {
    let v = x.map { Double($0) }
    let r12 = (v[0] * v[0] + v[1] * v[1]).squareRoot()
    let cone = v[0] * v[0] + v[1] * v[1] - v[2]
    let r123 = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
    let r45 = (v[3] * v[3] + v[4] * v[4]).squareRoot()
    return [0.65 <= r12 && r12 <= 0.70, 0.40 < cone && cone < 0.50, 0.40 <= r123 && r123 <= 0.50,
            0.65 <= r45 && r45 <= 0.70]
}

private func small(seed: UInt64 = 3, probe: ProbeReading = .train) -> SyntheticConfig {
    SyntheticConfig(trainPerClass: 60, testPerClass: 20, probePerClass: 10, probe: probe, seed: seed)
}

@Suite struct SyntheticDataTests {
    @Test func defaultsMatchTheSpec() throws {
        let data = try SyntheticData()
        #expect(data.train.x.shape == [4000, 10])
        #expect(data.train.y.shape == [4000, 4])
        #expect(data.test.x.shape == [1000, 10])
        #expect(data.probe.x.shape == [200, 10])
        for k in 0..<4 {
            #expect(data.train.classOfOrigin.filter { $0 == k }.count == 1000)
            #expect(data.test.classOfOrigin.filter { $0 == k }.count == 250)
            #expect(data.probe.classOfOrigin.filter { $0 == k }.count == 50)
        }
        #expect(data.probe.classOfOrigin == (0..<4).flatMap { Array(repeating: $0, count: 50) })
    }

    @Test func everyPointLiesInItsRegionAndLabelsMatchTheFormulas() throws {
        let data = try SyntheticData(config: small())
        for set in [data.train, data.test, data.probe] {
            for i in 0..<set.count {
                let x = set.x.scalars[(i * 10)..<((i + 1) * 10)]
                #expect(x.allSatisfy { $0 >= -1 && $0 <= 1 })
                let member = specMembership(x)
                #expect(member[set.classOfOrigin[i]], "point \(i) of class \(set.classOfOrigin[i]) outside its region")
                let labels = set.y.scalars[(i * 4)..<((i + 1) * 4)].map { $0 == 1 }
                #expect(labels == member)
            }
        }
    }

    @Test func deterministicBySeed() throws {
        let a = try SyntheticData(config: small(seed: 7)), b = try SyntheticData(config: small(seed: 7))
        let c = try SyntheticData(config: small(seed: 8))
        #expect(a == b)
        #expect(a.train.x != c.train.x)
        #expect(a.probeIndicesInTrain != c.probeIndicesInTrain)
    }

    @Test func overlapMatrixHasUnitDiagonalAndCountsLabels() throws {
        let data = try SyntheticData(config: small())
        for k in 0..<4 {
            #expect(data.overlap[k][k] == 1)
            for j in 0..<4 {
                let members = (0..<data.train.count).filter { data.train.classOfOrigin[$0] == k }
                let inside = members.filter { data.train.y.scalars[$0 * 4 + j] == 1 }.count
                #expect(data.overlap[k][j] == Double(inside) / Double(members.count))
            }
        }
        // R3 (sphere shell, radius 0.4-0.5) and R1 (cylinder radius 0.65-0.7) cannot intersect.
        #expect(data.overlap[0][2] == 0 && data.overlap[2][0] == 0)
    }

    @Test func trainProbeIsASubsampleOrderedByClass() throws {
        let data = try SyntheticData(config: small())
        let indices = try #require(data.probeIndicesInTrain)
        #expect(indices.count == 40)
        #expect(Set(indices).count == 40)
        #expect(data.probe == data.train.subset(indices))
        #expect(data.probe.classOfOrigin == (0..<4).flatMap { Array(repeating: $0, count: 10) })
    }

    @Test func heldOutProbeIsASeparateDraw() throws {
        let data = try SyntheticData(config: small(probe: .heldOut))
        #expect(data.probeIndicesInTrain == nil)
        #expect(data.probe.count == 40)
        let trainRows = Set((0..<data.train.count).map { Array(data.train.x.scalars[($0 * 10)..<(($0 + 1) * 10)]) })
        for i in 0..<data.probe.count {
            #expect(!trainRows.contains(Array(data.probe.x.scalars[(i * 10)..<((i + 1) * 10)])))
        }
    }

    @Test func regionsDescribeThemselvesAndBadSettingsAreNamed() throws {
        #expect(Region.paper[0].description == "R1 cylinder shell: 0.65 <= sqrt(x1^2 + x2^2) <= 0.7")
        #expect(Region.paper[1].description == "R2 cone shell: 0.4 < x1^2 + x2^2 - x3 < 0.5")
        var config = small()
        config.dimension = 4
        #expect(throws: SyntheticDataError.featureOutOfRange(region: "R4 control", feature: 5, dimension: 4)) {
            try SyntheticData(config: config)
        }
        var empty = small()
        empty.regions = [Region(name: "empty", shape: .radial, features: [1], lower: 2, upper: 3)]
        empty.maxAttemptsPerPoint = 1000
        #expect(throws: SyntheticDataError.regionTooRare(region: "empty", attempts: 1000)) {
            try SyntheticData(config: empty)
        }
    }
}
