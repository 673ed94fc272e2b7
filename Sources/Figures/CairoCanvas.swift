internal import CCairo
internal import Foundation

/// The file formats a figure is written in.
public enum ImageFormat: String, Hashable, Sendable, CaseIterable {
    /// Raster, `size * dpi` pixels, white background.
    case png
    /// Vector, fixed creation and modification dates so identical figures give identical bytes.
    case pdf
    /// Vector.
    case svg
}

/// A `Canvas` drawing through cairo into a PNG, PDF or SVG file. Units are points; PNG pixels are
/// `inches * dpi`. Text is DejaVu Sans through cairo's toy font API with metric hinting off, so a
/// layout is identical in every format. Call `finish()` to write the file.
public final class CairoCanvas: Canvas {
    /// The date written into PDFs as creation and modification date (ISO 8601).
    public static let fixedPDFDate = "2000-01-01T00:00:00Z"

    public let path: String
    public let format: ImageFormat
    /// Page size in points.
    public let size: Size
    private let surface: CairoSurface
    private let context: CairoContext
    private var currentFont: Font?

    /// Opens a surface of `widthInches x heightInches` (`cairo_image_surface_create`,
    /// `cairo_pdf_surface_create` or `cairo_svg_surface_create`). `dpi` sets PNG pixels and is ignored
    /// by the vector formats. Throws `FiguresError.invalidSize` or `.cairo` naming the call and `path`.
    public init(path: String, format: ImageFormat, widthInches: Double, heightInches: Double,
                dpi: Double) throws(FiguresError) {
        guard widthInches > 0, heightInches > 0, widthInches.isFinite, heightInches.isFinite,
              dpi > 0, dpi.isFinite else {
            throw FiguresError.invalidSize("\(widthInches) x \(heightInches) in at \(dpi) dpi")
        }
        self.path = path
        self.format = format
        size = Size(width: widthInches * 72, height: heightInches * 72)
        switch format {
        case .png:
            let width = (widthInches * dpi).rounded(), height = (heightInches * dpi).rounded()
            guard width * height <= 400_000_000 else {
                throw FiguresError.invalidSize("\(Int(width)) x \(Int(height)) pixels is too large")
            }
            surface = try CairoSurface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
                                       call: "cairo_image_surface_create", file: path)
        case .pdf:
            surface = try CairoSurface(cairo_pdf_surface_create(path, size.width, size.height),
                                       call: "cairo_pdf_surface_create", file: path)
            cairo_pdf_surface_set_metadata(surface.raw, CAIRO_PDF_METADATA_CREATE_DATE, Self.fixedPDFDate)
            cairo_pdf_surface_set_metadata(surface.raw, CAIRO_PDF_METADATA_MOD_DATE, Self.fixedPDFDate)
            cairo_pdf_surface_set_metadata(surface.raw, CAIRO_PDF_METADATA_CREATOR, "repro")
        case .svg:
            surface = try CairoSurface(cairo_svg_surface_create(path, size.width, size.height),
                                       call: "cairo_svg_surface_create", file: path)
        }
        context = try CairoContext(surface: surface, file: path)
        let cr = context.raw
        if format == .png { cairo_scale(cr, dpi / 72, dpi / 72) }
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
        }
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
    }

    /// Writes the file: `cairo_surface_write_to_png` for PNG, `cairo_surface_finish` for PDF and SVG.
    /// Throws `.cairo` naming the first failing call and the file.
    public func finish() throws(FiguresError) {
        try checkCairo(cairo_status(context.raw), call: "drawing", file: path)
        switch format {
        case .png:
            cairo_surface_flush(surface.raw)
            try checkCairo(cairo_surface_write_to_png(surface.raw, path), call: "cairo_surface_write_to_png", file: path)
        case .pdf, .svg:
            cairo_surface_finish(surface.raw)
            try checkCairo(cairo_surface_status(surface.raw), call: "cairo_surface_finish", file: path)
        }
        if format == .svg { try normalizeSurfaceID() }
    }

    /// cairo names the SVG's top group `surfaceN` with a process-wide counter, so the same figure drawn
    /// twice in one process would differ; the id is referenced nowhere, so it is rewritten to `surface1`.
    private func normalizeSurfaceID() throws(FiguresError) {
        let url = URL(fileURLWithPath: path)
        do {
            var text = try String(contentsOf: url, encoding: .utf8)
            if let range = text.range(of: #"<g id="surface[0-9]+""#, options: .regularExpression) {
                text.replaceSubrange(range, with: #"<g id="surface1""#)
                try text.write(to: url, atomically: false, encoding: .utf8)
            }
        } catch {
            throw FiguresError.io(operation: "normalize SVG ids (\(error.localizedDescription))", path: path, errno: 0)
        }
    }

    // MARK: - Canvas

    public func fill(_ rect: Rect, color: Color) {
        let cr = context.raw
        setColor(color)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    public func stroke(_ rect: Rect, with stroke: Stroke) {
        let cr = context.raw
        setStroke(stroke)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(cr)
    }

    public func polyline(_ points: [Point], stroke: Stroke) {
        guard let first = points.first, points.count > 1 else { return }
        setStroke(stroke)
        trace(first, points.dropFirst())
        cairo_stroke(context.raw)
    }

    public func fillPolygon(_ points: [Point], color: Color) {
        guard let first = points.first, points.count > 2 else { return }
        setColor(color)
        trace(first, points.dropFirst())
        cairo_close_path(context.raw)
        cairo_fill(context.raw)
    }

    /// Starts a path at `first` and draws lines through `rest` (`cairo_move_to`, `cairo_line_to`).
    private func trace(_ first: Point, _ rest: ArraySlice<Point>) {
        let cr = context.raw
        cairo_move_to(cr, first.x, first.y)
        for point in rest { cairo_line_to(cr, point.x, point.y) }
    }

    public func text(_ string: String, at point: Point, style: TextStyle) {
        let cr = context.raw
        let extent = textExtent(string, font: style.font)
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if style.rotation != 0 { cairo_rotate(cr, -style.rotation * .pi / 180) }
        let dx: Double
        switch style.horizontal {
        case .left: dx = 0
        case .center: dx = -extent.width / 2
        case .right: dx = -extent.width
        }
        let dy: Double
        switch style.vertical {
        case .top: dy = extent.ascent
        case .center: dy = (extent.ascent - extent.descent) / 2
        case .baseline: dy = 0
        case .bottom: dy = -extent.descent
        }
        setColor(style.color)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, string)
        cairo_restore(cr)
    }

    public func textExtent(_ string: String, font: Font) -> TextExtent {
        let cr = context.raw
        select(font)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(cr, &fontExtents)
        var textExtents = cairo_text_extents_t()
        cairo_text_extents(cr, string, &textExtents)
        return TextExtent(width: textExtents.x_advance, ascent: fontExtents.ascent, descent: fontExtents.descent)
    }

    public func pushClip(_ rect: Rect) {
        let cr = context.raw
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    public func popClip() {
        cairo_restore(context.raw)
        currentFont = nil  // cairo_restore also restores the font
    }

    // MARK: - State

    private func setColor(_ color: Color) {
        cairo_set_source_rgba(context.raw, color.red, color.green, color.blue, color.alpha)
    }

    private func setStroke(_ stroke: Stroke) {
        let cr = context.raw
        setColor(stroke.color)
        cairo_set_line_width(cr, stroke.width)
        let pattern = stroke.dash.pattern(width: stroke.width)
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    private func select(_ font: Font) {
        guard font != currentFont else { return }
        let cr = context.raw
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               font.weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, font.size)
        currentFont = font
    }
}
