/// Errors of the paper's stage kinds. Every case names the stage, and the file and dataset (or
/// attribute, parameter) involved, so one line says what to fix.
public enum StageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter has a value the kind does not accept; `reason` lists the valid ones.
    case badParameter(stage: String, parameter: String, reason: String)
    /// The stage was given no input file of the kind it reads; `expected` names it.
    case missingInput(stage: String, expected: String, got: [String])
    /// A dataset the stage reads is not in the file.
    case missingDataset(stage: String, file: String, dataset: String)
    /// A dataset has the wrong shape; `expected` describes it (dimension names and the lengths known).
    case badShape(stage: String, file: String, dataset: String, expected: String, got: [Int])
    /// An attribute is absent or holds something else than documented.
    case badAttribute(stage: String, file: String, attribute: String, reason: String)
    /// A value the figure needs is not there (an epoch that is no checkpoint, a reading out of range).
    case missingValue(stage: String, file: String, dataset: String, reason: String)
    /// An input file holds something the stage cannot use (inconsistent runs, an unknown layout).
    case badInput(stage: String, file: String, reason: String)
    /// Reading an HDF5 file failed; `detail` is the HDF5 layer's message.
    case readFailed(stage: String, file: String, detail: String)
    /// Drawing or writing a figure failed; `detail` is the figures layer's message.
    case renderFailed(stage: String, file: String, detail: String)
    /// Writing a file failed.
    case writeFailed(stage: String, file: String, detail: String)

    public var description: String {
        switch self {
        case .badParameter(let stage, let parameter, let reason):
            "stage \(stage): parameter '\(parameter)': \(reason)"
        case .missingInput(let stage, let expected, let got):
            "stage \(stage): no input file \(expected) among its inputs (got: \(got.isEmpty ? "none" : got.joined(separator: ", ")))"
        case .missingDataset(let stage, let file, let dataset):
            "stage \(stage): \(file): no dataset '\(dataset)' (see docs/outputs.md for the layout)"
        case .badShape(let stage, let file, let dataset, let expected, let got):
            "stage \(stage): \(file): dataset '\(dataset)' has shape \(got), expected \(expected)"
        case .badAttribute(let stage, let file, let attribute, let reason):
            "stage \(stage): \(file): attribute '\(attribute)': \(reason)"
        case .missingValue(let stage, let file, let dataset, let reason):
            "stage \(stage): \(file): dataset '\(dataset)': \(reason)"
        case .badInput(let stage, let file, let reason):
            "stage \(stage): \(file): \(reason)"
        case .readFailed(let stage, let file, let detail):
            "stage \(stage): cannot read \(file): \(detail)"
        case .renderFailed(let stage, let file, let detail):
            "stage \(stage): cannot draw \(file): \(detail)"
        case .writeFailed(let stage, let file, let detail):
            "stage \(stage): cannot write \(file): \(detail)"
        }
    }
}
