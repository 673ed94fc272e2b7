internal import Foundation

/// A counter-based random number generator (Philox4x32-10, Salmon et al., SC'11).
///
/// Every draw is a pure function of (seed, stream, counter): the value at a given position does not
/// depend on how many threads draw or in which order, so results are reproducible everywhere.
/// A `RandomStream` walks the counters of one (seed, stream) pair in order.
public struct Philox: Sendable, Hashable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The four 32-bit words at block `counter` of `stream`.
    @inlinable public func block(stream: UInt64, counter: UInt64) -> (UInt32, UInt32, UInt32, UInt32) {
        var c0 = UInt32(truncatingIfNeeded: counter)
        var c1 = UInt32(truncatingIfNeeded: counter >> 32)
        var c2 = UInt32(truncatingIfNeeded: stream)
        var c3 = UInt32(truncatingIfNeeded: stream >> 32)
        var k0 = UInt32(truncatingIfNeeded: seed)
        var k1 = UInt32(truncatingIfNeeded: seed >> 32)
        for _ in 0..<10 {
            let product0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let product1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let hi0 = UInt32(truncatingIfNeeded: product0 >> 32), lo0 = UInt32(truncatingIfNeeded: product0)
            let hi1 = UInt32(truncatingIfNeeded: product1 >> 32), lo1 = UInt32(truncatingIfNeeded: product1)
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
            k0 = k0 &+ 0x9E37_79B9
            k1 = k1 &+ 0xBB67_AE85
        }
        return (c0, c1, c2, c3)
    }

    /// A stream of draws for `stream` (e.g. one per purpose: weights of layer 2, shuffling of epoch 7).
    public func stream(_ stream: UInt64) -> RandomStream { RandomStream(generator: self, stream: stream) }
}

/// Sequential draws from one Philox stream. Uniforms in [0, 1) use the top 24 (Float) or 53 (Double)
/// bits; normals use Box-Muller on two uniforms, so draw `k` of a stream is always the same value.
public struct RandomStream: Sendable {
    public let generator: Philox
    public let stream: UInt64
    /// The index of the next 64-bit word.
    public private(set) var position: UInt64 = 0

    public init(generator: Philox, stream: UInt64) {
        self.generator = generator
        self.stream = stream
    }

    /// The next 64 random bits.
    public mutating func nextUInt64() -> UInt64 {
        let words = generator.block(stream: stream, counter: position >> 1)
        let value = position & 1 == 0
            ? UInt64(words.0) << 32 | UInt64(words.1)
            : UInt64(words.2) << 32 | UInt64(words.3)
        position &+= 1
        return value
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// Standard normal (Box-Muller; uses two uniforms per draw, discarding the sine half).
    public mutating func nextNormal() -> Double {
        let u1 = 1.0 - nextUniform()        // (0, 1]
        let u2 = nextUniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in 0..<bound (bound > 0), without modulo bias (Lemire's method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let bound64 = UInt64(bound)
        while true {
            let product = nextUInt64().multipliedFullWidth(by: bound64)
            if product.low >= (0 &- bound64) % bound64 { return Int(product.high) }
        }
    }

    /// A uniformly random permutation of 0..<count (Fisher-Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<count)
        if count < 2 { return values }
        for index in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(index, nextInt(below: index + 1))
        }
        return values
    }

    /// `count` standard normals as Float (drawn in Double, rounded).
    public mutating func normals(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float(nextNormal()) }
    }
}

