internal import CCairo

/// Owns a `cairo_surface_t`; `cairo_surface_destroy` in deinit.
struct CairoSurface: ~Copyable {
    let raw: OpaquePointer
    /// Takes ownership of a surface returned by a `cairo_*_surface_create` call, checking its status.
    init(_ raw: OpaquePointer?, call: String, file: String) throws(FiguresError) {
        guard let raw else { throw FiguresError.cairo(call: call, file: file, status: "returned NULL") }
        let status = cairo_surface_status(raw)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(raw)
            try checkCairo(status, call: call, file: file)
            throw FiguresError.cairo(call: call, file: file, status: "failed")
        }
        self.raw = raw
    }
    deinit { cairo_surface_destroy(raw) }
}

/// Owns a `cairo_t`; `cairo_destroy` in deinit.
struct CairoContext: ~Copyable {
    let raw: OpaquePointer
    /// `cairo_create` on `surface`, checking the context's status.
    init(surface: borrowing CairoSurface, file: String) throws(FiguresError) {
        guard let raw = cairo_create(surface.raw) else {
            throw FiguresError.cairo(call: "cairo_create", file: file, status: "returned NULL")
        }
        let status = cairo_status(raw)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(raw)
            try checkCairo(status, call: "cairo_create", file: file)
            throw FiguresError.cairo(call: "cairo_create", file: file, status: "failed")
        }
        self.raw = raw
    }
    deinit { cairo_destroy(raw) }
}

/// The one place a cairo status becomes an error: anything but success throws with cairo's message.
func checkCairo(_ status: cairo_status_t, call: String, file: String) throws(FiguresError) {
    guard status != CAIRO_STATUS_SUCCESS else { return }
    throw FiguresError.cairo(call: call, file: file, status: String(cString: cairo_status_to_string(status)))
}
