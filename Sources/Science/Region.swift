/// One region of input space that defines a synthetic task (SPEC 1, paper Appendix C), as data.
///
/// A region is a shell `lower (<|<=) value(x) (<|<=) upper` where `value` is either the Euclidean norm of
/// some features (`radial`) or `x_f1^2 + x_f2^2 - x_f3` (`cone`). Features are 1-based, as in the paper.
public struct Region: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the scalar that the bounds apply to is computed from a point.
    public enum Shape: String, Sendable, Hashable, Codable {
        /// sqrt(sum of x_f^2 over `features`).
        case radial
        /// x_f1^2 + x_f2^2 - x_f3 for `features` = [f1, f2, f3].
        case cone
    }

    /// A short name ("R1 cylinder shell").
    public var name: String
    public var shape: Shape
    /// 1-based feature indices the region reads.
    public var features: [Int]
    public var lower: Double
    public var upper: Double
    /// Whether `value == lower` (resp. `upper`) is inside.
    public var lowerInclusive: Bool
    public var upperInclusive: Bool

    public init(name: String, shape: Shape, features: [Int], lower: Double, upper: Double,
                lowerInclusive: Bool = true, upperInclusive: Bool = true) {
        self.name = name
        self.shape = shape
        self.features = features
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lowerInclusive
        self.upperInclusive = upperInclusive
    }

    /// The scalar the bounds are applied to, for a point given as its d coordinates.
    /// Precondition: every feature index is in 1...x.count (checked by `SyntheticConfig.validate`).
    @inlinable public func value<C: RandomAccessCollection>(_ x: C) -> Double
    where C.Element: BinaryFloatingPoint, C.Index == Int {
        let base = x.startIndex - 1
        switch shape {
        case .radial:
            var sum = 0.0
            for feature in features {
                let v = Double(x[base + feature])
                sum += v * v
            }
            return sum.squareRoot()
        case .cone:
            let a = Double(x[base + features[0]]), b = Double(x[base + features[1]])
            let h = Double(x[base + features[2]])
            return a * a + b * b - h
        }
    }

    /// Whether the point `x` (d coordinates) lies in the region.
    @inlinable public func contains<C: RandomAccessCollection>(_ x: C) -> Bool
    where C.Element: BinaryFloatingPoint, C.Index == Int {
        let v = value(x)
        let aboveLower = lowerInclusive ? v >= lower : v > lower
        let belowUpper = upperInclusive ? v <= upper : v < upper
        return aboveLower && belowUpper
    }

    /// The definition in words, for metadata: "R1 cylinder shell: 0.65 <= sqrt(x1^2 + x2^2) <= 0.7".
    public var description: String {
        let expression: String
        switch shape {
        case .radial: expression = "sqrt(" + features.map { "x\($0)^2" }.joined(separator: " + ") + ")"
        case .cone:
            expression = features.count == 3
                ? "x\(features[0])^2 + x\(features[1])^2 - x\(features[2])" : "cone\(features)"
        }
        return "\(name): \(lower) \(lowerInclusive ? "<=" : "<") \(expression) \(upperInclusive ? "<=" : "<") \(upper)"
    }

    /// The four regions of the paper (SPEC 1): R1 cylinder shell, R2 "cone" shell, R3 sphere shell,
    /// R4 control (R1's geometry on features 4 and 5).
    public static let paper: [Region] = [
        Region(name: "R1 cylinder shell", shape: .radial, features: [1, 2], lower: 0.65, upper: 0.70),
        Region(name: "R2 cone shell", shape: .cone, features: [1, 2, 3], lower: 0.40, upper: 0.50,
               lowerInclusive: false, upperInclusive: false),
        Region(name: "R3 sphere shell", shape: .radial, features: [1, 2, 3], lower: 0.40, upper: 0.50),
        Region(name: "R4 control", shape: .radial, features: [4, 5], lower: 0.65, upper: 0.70),
    ]
}
