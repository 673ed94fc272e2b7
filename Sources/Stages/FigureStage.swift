internal import Foundation
public import Pipeline
internal import Figures
internal import ReproSupport

/// The stage kind `figure`: draws one of the paper's figures (`PaperFigure`) from the analysis file
/// of its input stage and writes `paper/figures/<figure>.<format>` for each format.
///
/// Parameters: `figure` (fig1a, fig1b, fig2a, fig2b, fig2c, fig3; required), `reading` (index into
/// the SPEC 8 readings of alignment.h5 / affinity.h5, 0 = default), `formats` (png, pdf, svg),
/// `dpi` (PNG resolution, pixels per inch), `epochs` (fig3's panels), `threshold` (fig2c's line for
/// the NTK), `residualThreshold` (fig2c's line for G), `width` and `height` (inches, 0 = the
/// figure's own size).
///
/// Input: any stage whose outputs include the figure's analysis file (`PaperFigure.inputFile`:
/// `linear-cifar10.h5` for fig1a, `linear-synthetic.h5` for fig1b, `alignment.h5` for fig2a-c,
/// `affinity.h5` for fig3); a single `.h5` among the inputs is taken whatever its name.
public struct FigureStage: StageKind {
    public init() {}

    public var name: String { "figure" }
    public var version: Int { 4 }

    /// Checked when pipeline.json is loaded: the figure name, formats, dpi, reading and sizes.
    public func validate(_ params: StageParameters) throws { _ = try FigureOptions(params) }

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("figure", .string, doc: "which figure: " + PaperFigure.allCases.map(\.rawValue).joined(separator: ", ")),
            ParameterSpec("reading", .int, default: 0, doc: "index of the SPEC 8 reading (0 = default) for fig2a-fig3"),
            ParameterSpec("formats", .strings, default: ["png", "pdf"], doc: "files to write: png, pdf, svg"),
            ParameterSpec("dpi", .double, default: 200, doc: "PNG resolution, pixels per inch"),
            ParameterSpec("epochs", .ints, default: [0, 20, 52, 100, 200, 300], doc: "fig3: the epochs shown"),
            ParameterSpec("threshold", .double, default: 0.8, doc: "fig2c: the reference line of the NTK consistency"),
            ParameterSpec("residualThreshold", .double, default: 0.9, doc: "fig2c: the reference line of the G consistency"),
            ParameterSpec("width", .double, default: 0, doc: "figure width in inches (0: the figure's own)"),
            ParameterSpec("height", .double, default: 0, doc: "figure height in inches (0: the figure's own)"),
        ]
    }

    /// `paper/figures/<figure>.<format>` for each of `formats`, in their order.
    public func outputs(stage: String, params: StageParameters) -> [String] {
        let figure = params.values["figure"]?.stringValue ?? stage
        let formats = params.values["formats"]?.arrayValue?.compactMap(\.stringValue) ?? ["png", "pdf"]
        return formats.map { "paper/figures/\(figure).\($0)" }
    }

    public func run(_ context: StageContext) throws {
        let options = try FigureOptions(context.params)
        let inputs = context.inputs.keys.sorted().flatMap { context.inputs[$0]?.flatMap(\.outputs) ?? [] }
        let path = try Self.analysisFile(options.figure.inputFile, among: inputs, stage: context.stage)
        let file = try AnalysisFile(path, stage: context.stage, projectRoot: context.projectRoot)
        let figure = try FigureBuilder(file: file, options: options).build()
        for format in options.formats {
            let relative = "paper/figures/\(options.figure.rawValue).\(format.rawValue)"
            let output = try context.outputPath(relative)
            do { try render(figure, to: output, format: format, dpi: options.dpi) } catch {
                throw StageError.renderFailed(stage: context.stage, file: relative, detail: error.description)
            }
        }
    }

    /// The input file named `expected`, or the only `.h5` file among `inputs`.
    static func analysisFile(_ expected: String, among inputs: [String], stage: String) throws(StageError) -> String {
        if let match = inputs.first(where: { ($0 as NSString).lastPathComponent == expected }) { return match }
        let hdf5 = inputs.filter { $0.hasSuffix(".h5") }
        if hdf5.count == 1 { return hdf5[0] }
        throw .missingInput(stage: stage, expected: expected, got: inputs.map { ($0 as NSString).lastPathComponent })
    }
}

/// The `figure` stage's parameters, checked.
struct FigureOptions: Sendable {
    var figure: PaperFigure
    var reading: Int
    var formats: [ImageFormat]
    var dpi: Double
    var epochs: [Int]
    var threshold: Double
    var residualThreshold: Double
    var width: Double
    var height: Double

    init(_ params: StageParameters) throws {
        let stage = params.stage
        let name = try params.string("figure")
        guard let figure = PaperFigure(rawValue: name) else {
            throw StageError.badParameter(stage: stage, parameter: "figure", reason: "unknown figure '\(name)'; valid: "
                                          + PaperFigure.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.figure = figure
        reading = try params.int("reading")
        guard reading >= 0 else { throw StageError.badParameter(stage: stage, parameter: "reading", reason: "\(reading) is negative") }
        formats = []
        for text in try params.strings("formats") {
            guard let format = ImageFormat(rawValue: text) else {
                throw StageError.badParameter(stage: stage, parameter: "formats", reason: "unknown format '\(text)'; valid: "
                                              + ImageFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            formats.append(format)
        }
        guard !formats.isEmpty else { throw StageError.badParameter(stage: stage, parameter: "formats", reason: "empty") }
        dpi = try params.double("dpi")
        guard dpi >= 30, dpi <= 1200 else { throw StageError.badParameter(stage: stage, parameter: "dpi", reason: "\(dpi) is outside 30...1200") }
        epochs = try params.ints("epochs")
        guard !epochs.isEmpty else { throw StageError.badParameter(stage: stage, parameter: "epochs", reason: "empty") }
        threshold = try params.double("threshold")
        residualThreshold = try params.double("residualThreshold")
        width = try params.double("width")
        height = try params.double("height")
        for (key, value) in [("width", width), ("height", height)] where !(value >= 0 && value <= 40) {
            throw StageError.badParameter(stage: stage, parameter: key, reason: "\(value) inches is outside 0...40")
        }
        if width == 0 { width = figure.defaultSize.width }
        if height == 0 { height = figure.defaultSize.height }
    }
}
