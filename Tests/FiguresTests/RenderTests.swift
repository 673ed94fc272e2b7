import Figures
import Foundation
import ReproSupport
import Testing
import TestSupport

@Suite struct RenderTests {
    /// Width and height from a PNG's IHDR chunk (bytes 16..<24, big-endian).
    func pngSize(_ data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        func be(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test func pngHasHeaderAndSizeTimesDpi() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("fig.png")
        try render(Examples.heatmap, to: path, format: .png, dpi: 200)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        #expect(Array(data[12..<16]) == Array("IHDR".utf8))
        let (w, h) = pngSize(data)
        #expect(w == 840 && h == 720)  // 4.2 x 3.6 in at 200 dpi
        try render(Examples.linePlot, to: path, format: .png, dpi: 300)
        let (w3, h3) = pngSize(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(w3 == 1200 && h3 == 840)
        #expect(try folder.contents() == ["fig.png"])  // no temporary file left behind
    }

    @Test func pdfAndSvgHaveHeadersAndPageSize() throws {
        let folder = try TemporaryDirectory()
        try render(Examples.panels, to: folder.file("fig.pdf"), format: .pdf)
        let pdf = try Data(contentsOf: URL(fileURLWithPath: folder.file("fig.pdf")))
        #expect(pdf.prefix(5) == Data("%PDF-".utf8))
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 504 345.6 ]"))  // 7 x 4.8 in
        #expect(text.contains("/CreationDate (20000101000000Z)") && text.contains("/ModDate (20000101000000Z)"))
        try render(Examples.panels, to: folder.file("fig.svg"), format: .svg)
        let svg = try String(contentsOfFile: folder.file("fig.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
        #expect(svg.contains("<svg") && svg.contains("width=\"504") && svg.contains("height=\"345.6"))
    }

    @Test(arguments: ImageFormat.allCases)
    func identicalFiguresGiveIdenticalBytes(format: ImageFormat) throws {
        let folder = try TemporaryDirectory()
        let a = folder.file("a.\(format.rawValue)"), b = folder.file("b.\(format.rawValue)")
        try render(Examples.linePanels, to: a, format: format, dpi: 200)
        try render(Examples.linePanels, to: b, format: format, dpi: 200)
        let first = try Data(contentsOf: URL(fileURLWithPath: a)), second = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(first.count > 1000)
        #expect(first == second)
    }

    @Test func failuresNameTheCallAndTheFile() throws {
        let path = "/nonexistent-folder/fig.png"
        #expect(throws: FiguresError.cairo(call: "cairo_surface_write_to_png", file: AtomicFile.temporaryPath(for: path),
                                           status: "error while writing to output stream")) {
            try render(Examples.linePlot, to: path, format: .png, dpi: 200)
        }
        #expect(throws: FiguresError.invalidSize("0.0 x 2.0 in")) {
            try render(PanelFigure(.empty, widthInches: 0, heightInches: 2), to: "/tmp/x.png", format: .png)
        }
        #expect(throws: FiguresError.self) {
            try render(Examples.linePlot, to: "/tmp/never.png", format: .png, dpi: 0)
        }
    }

    /// Renders every example in every format; with FIGURES_PREVIEW=folder the files are kept there.
    @Test func rendersEveryExampleInEveryFormat() throws {
        let folder = try TemporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["FIGURES_PREVIEW"]
        for (name, figure) in Examples.all {
            for format in ImageFormat.allCases {
                let target = (keep ?? folder.path) + "/\(name).\(format.rawValue)"
                if let keep { try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true) }
                try render(figure, to: target, format: format, dpi: 200)
                let size = (try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
                #expect(size > 2000, "\(name).\(format.rawValue)")
            }
        }
    }
}
