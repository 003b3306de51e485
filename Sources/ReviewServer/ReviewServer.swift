import Foundation
import Hummingbird
import HTTPTypes
import Logging
import SpeechDoc

/// `speechdoc serve`: a local web page to drop a speech, see every unit the reader found with its
/// role and why, fix roles, preview the printed page and download what `convert` would write.
/// The library does the work (`Review`); this serves the page (Web/, built in) and a small JSON
/// API, and guards the machine it runs on:
///
/// - loopback unless told otherwise; the Host header must name this server (DNS rebinding);
/// - every state-changing request (POST) needs the page's token and this server's Origin;
/// - uploads are limited (20 MB) and read like any input (zip bombs, DTDs, size limits);
/// - nothing from the browser is used as a path on disk; reviews live in memory and expire;
/// - a Content-Security-Policy without inline script on every page; the page sets every text
///   from a speech with textContent, so `<script>` in a speech is shown, never run;
/// - errors are one line of JSON (`{"error": …}`), never a stack trace.
public final class ReviewServer: Sendable {
    public static let uploadLimit = 20 << 20
    static let tokenHeader = HTTPField.Name("X-SpeechDoc-Token")!
    static let noSniff = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// Reviews untouched this long are forgotten.
    public static let expiry: TimeInterval = 60 * 60
    public static let maximumReviews = 200

    let token: String
    let host: String
    private let boundPort = Locked(0)
    let store = MemoryStore<Review>()
    /// Style files, Word templates and cover images sent by the page, checked when they came.
    let uploads = MemoryStore<Upload>(capacity: 50)

    enum Upload: Sendable {
        case style(StyleSheet, name: String)
        case template(ReferenceDocument)
        case cover(CoverImage, name: String)
    }

    public init(host: String, port: Int) {
        var bytes = [UInt8](repeating: 0, count: 24)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        token = bytes.map { String(format: "%02x", $0) }.joined()
        self.host = host
        boundPort.set(port)
    }

    /// host:port spellings a browser may send for this server (Host, and Origin after http://).
    var allowedHosts: Set<String> {
        let port = boundPort.get()
        return ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", (host.contains(":") ? "[\(host)]" : host) + ":\(port)"]
    }

    /// Runs until the process is stopped (TERM, INT); `started` is told the address once it
    /// listens (port 0: the one the system chose).
    public static func run(host: String, port: Int, started: @escaping @Sendable (String) -> Void) async throws {
        let server = ReviewServer(host: host, port: port)
        // Quiet: the command prints its own one line; warnings and errors still show.
        var logger = Logger(label: "speechdoc-serve")
        logger.logLevel = .warning
        let app = Application(router: server.router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in
                                  let chosen = channel.localAddress?.port ?? port
                                  server.boundPort.set(chosen)
                                  started("http://\(host.contains(":") ? "[\(host)]" : host):\(chosen)/")
                              }, logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    // MARK: Routes

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: Guard(server: self))
        router.get("/") { _, _ in self.page() }
        router.get("/app.js") { _, _ in Self.asset("app.js", type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.asset("app.css", type: "text/css; charset=utf-8") }
        router.get("/api/styles") { _, _ in Self.json(.array(StylePresets.names.map(JSONValue.string))) }
        router.post("/api/reviews") { request, context in try await self.upload(request, context) }
        router.get("/api/reviews/{id}") { _, context in try self.withReview(context) { Self.json(self.view($0, id: $1)) } }
        router.post("/api/reviews/{id}/role") { request, context in try await self.setRole(request, context) }
        router.post("/api/reviews/{id}/edit") { request, context in try await self.edit(request, context) }
        router.post("/api/uploads") { request, context in try await self.upload(asset: request, context) }
        router.post("/api/reviews/{id}/undo") { _, context in
            try self.store.update(try context.parameters.require("id")) { review in try review.undo() }
            return try self.withReview(context) { Self.json(self.view($0, id: $1)) }
        }
        router.get("/api/reviews/{id}/preview") { request, context in try self.preview(request, context) }
        router.get("/api/reviews/{id}/download") { request, context in try self.download(request, context) }
        router.post("/api/collection") { request, context in try await self.collection(request, context) }
        return router
    }

    func page() -> Response {
        let html = (EmbeddedWeb.files["index.html"] ?? "").replacingOccurrences(of: "{{token}}", with: token)
        return Self.response(Array(html.utf8), type: "text/html; charset=utf-8")
    }

    static func asset(_ name: String, type: String) -> Response {
        response(Array((EmbeddedWeb.files[name] ?? "").utf8), type: type)
    }

    static func response(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        response(Array(value.serialized().utf8), type: "application/json; charset=utf-8", status: status)
    }

    static func failure(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }

    func view(_ review: Review, id: String) -> JSONValue {
        guard case .object(var members) = review.json else { return review.json }
        members.insert(("id", .string(id)), at: 0)
        return .object(members)
    }

    func withReview(_ context: BasicRequestContext, _ body: (Review, String) throws -> Response) throws -> Response {
        let id = try context.parameters.require("id")
        guard let review = store.get(id) else { return Self.failure("this review has expired or never existed: drop the file again", status: .notFound) }
        return try body(review, id)
    }

    /// A file the page sent: its bytes (at most `uploadLimit`, else 413 through the Guard) and
    /// its name as a bare name (`fallback` when the page gave none). The name only says what kind
    /// of file it is and names the outputs: never a path.
    static func uploadedFile(_ request: Request, fallback: String) async throws -> (name: String, bytes: [UInt8]) {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: uploadLimit) } catch {
            throw HTTPError(.contentTooLarge, message: "the file is larger than \(uploadLimit >> 20) MB")
        }
        return (safeName(String(request.uri.queryParameters["name"] ?? Substring(fallback))), Array(buffer.readableBytesView))
    }

    /// A small JSON object the page sent (a change, a collection), or nil when it is not one.
    static func jsonObject(_ request: Request) async throws -> [String: Any]? {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 16)
        return try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
    }

    /// POST /api/reviews?name=FILE — the body is the file's bytes.
    func upload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (name, bytes) = try await Self.uploadedFile(request, fallback: "speech.txt")
        do {
            let review = try Review(name: name, bytes: bytes)
            let id = store.add(review)
            return Self.json(view(review, id: id))
        } catch {
            return Self.failure(String(describing: error))
        }
    }

    /// A file name from the browser as a bare name: no directories, no control characters.
    static func safeName(_ given: String) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)).trimmingCharacters(in: .whitespaces)
        let bounded = String(clean.prefix(120))
        return bounded.isEmpty || bounded.hasPrefix(".") ? "speech.txt" : bounded
    }

    /// POST /api/reviews/{id}/role — {"unit": K, "role": "body"|"heading-2"|"lead"|…|null}.
    func setRole(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try await change(request, context, expected: "{\"unit\": K, \"role\": ROLE}") { review, unit, object in
            var role: Review.Correction?
            if let name = object["role"] as? String {
                guard let known = Review.Correction(name) else { throw InputError(path: review.name, cause: "unknown role \(name)") }
                role = known
            }
            try review.set(unit: unit, to: role)
        }
    }

    /// POST /api/reviews/{id}/edit — {"unit": K, "text": "…"|null}: the unit read as this text
    /// (null: as the page has it).
    func edit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try await change(request, context, expected: "{\"unit\": K, \"text\": TEXT}") { review, unit, object in
            try review.edit(unit: unit, text: object["text"] as? String)
        }
    }

    /// Reads {"unit": K, …}, changes the review, and answers with the page decided again.
    private func change(_ request: Request, _ context: BasicRequestContext, expected: String,
                        _ body: (inout Review, Int, [String: Any]) throws -> Void) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let object = try await Self.jsonObject(request), let unit = object["unit"] as? Int else {
            return Self.failure("expected \(expected)")
        }
        do {
            guard try store.update(id, { review in try body(&review, unit, object) }) else {
                return Self.failure("this review has expired or never existed: drop the file again", status: .notFound)
            }
        } catch {
            return Self.failure(String(describing: error))
        }
        return try withReview(context) { Self.json(self.view($0, id: $1)) }
    }

    /// POST /api/uploads?kind=style|template|cover&name=FILE — a style file (YAML), a Word
    /// template (.docx) or a cover (JPEG, PNG), checked as the command line checks `--style`,
    /// `--reference-docx` and `--cover`, kept in memory; answers {"id", "kind", "name", "word"}
    /// (the name quoted for a shell, for the command line the page shows).
    func upload(asset request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (name, bytes) = try await Self.uploadedFile(request, fallback: "upload")
        let kind = String(request.uri.queryParameters["kind"] ?? "")
        let upload: Upload
        do {
            switch kind {
            case "style":
                guard bytes.count <= 1 << 20, let text = String(validating: bytes, as: UTF8.self) else {
                    return Self.failure("\(name): a style file is UTF-8 text of at most 1 MB")
                }
                upload = .style(try StylePresets.load(yaml: text, file: name), name: name)
            case "template":
                let reference = ReferenceDocument(path: name, bytes: bytes)
                try Formats.checkWordTemplate(reference)
                upload = .template(reference)
            case "cover":
                guard let image = CoverImage(bytes: bytes) else { return Self.failure("\(name): the cover must be a JPEG or PNG image") }
                upload = .cover(image, name: name)
            default:
                return Self.failure("kind must be style, template or cover")
            }
        } catch {
            return Self.failure(String(describing: error))
        }
        let id = uploads.add(upload)
        return Self.json(.object([("id", .string(id)), ("kind", .string(kind)), ("name", .string(name)), ("word", .string(Quoting.shell(name)))]))
    }

    /// The writer's options from the page's choices: `style` a preset name or an uploaded style
    /// file (`file:ID`), `template` and `cover` uploads by id. Names from the browser never
    /// reach the file system.
    func options(style: String?, template: String?, cover: String?) throws -> WriterOptions {
        var options = WriterOptions()
        let style = style ?? StylePresets.defaultName
        if style.hasPrefix("file:") {
            guard case .style(let sheet, _) = uploads.get(String(style.dropFirst("file:".count))) else {
                throw InputError(path: "style file", cause: "expired or never sent: choose it again")
            }
            options.style = sheet
        } else {
            guard StylePresets.names.contains(style) else { throw InputError(path: style, cause: "no such style preset") }
            options.style = try StylePresets.preset(style)
        }
        if let template, !template.isEmpty {
            guard case .template(let reference) = uploads.get(template) else {
                throw InputError(path: "Word template", cause: "expired or never sent: choose it again")
            }
            options.referenceDocument = reference
        }
        if let cover, !cover.isEmpty {
            guard case .cover(let image, _) = uploads.get(cover) else { throw InputError(path: "cover", cause: "expired or never sent: choose it again") }
            options.cover = image
        }
        return options
    }

    func options(_ request: Request) throws -> WriterOptions {
        let query = request.uri.queryParameters
        return try options(style: query["style"].map(String.init), template: query["template"].map(String.init), cover: query["cover"].map(String.init))
    }

    /// GET /api/reviews/{id}/download?format=docx&speech=1&style=gbt9704
    func download(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        try withReview(context) { review, _ in
            guard let format = request.uri.queryParameters["format"].flatMap({ OutputFormat(name: String($0)) }), format != .pdf else {
                return Self.failure("format must be docx, epub or md")
            }
            do {
                let speech = request.uri.queryParameters["speech"].flatMap { Int(String($0)) } ?? 1
                let (name, bytes) = try review.output(format, speech: speech, options: try options(request))
                return Self.response(bytes, type: Self.mediaType(format), extra: [.contentDisposition: Self.attachment(name)])
            } catch {
                return Self.failure(String(describing: error))
            }
        }
    }

    static func mediaType(_ format: OutputFormat) -> String {
        switch format {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .epub: "application/epub+zip"
        case .markdown: "text/markdown; charset=utf-8"
        case .pdf: "application/pdf"
        }
    }

    /// Content-Disposition with the name in UTF-8 (RFC 6266/5987) and an ASCII stand-in.
    static func attachment(_ name: String) -> String {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? "speech"
        let ascii = name.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" } ? name : "speech." + (name.split(separator: ".").last.map(String.init) ?? "bin")
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// GET /api/reviews/{id}/preview?speech=1&style=… — the first pages as HTML from the same
    /// style data as the EPUB (fonts, sizes, indents by role) on A4 pages with the text block,
    /// line pitch and page numbers of the style. No script; its own CSP.
    func preview(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        try withReview(context) { review, _ in
            let speech = request.uri.queryParameters["speech"].flatMap { Int(String($0)) } ?? 1
            do {
                let options = try options(request)
                guard review.document.speeches.indices.contains(speech - 1) else { return Self.failure("no speech \(speech)") }
                let html = try PreviewPage.html(review.document.speeches[speech - 1], options: options)
                return Self.response(Array(html.utf8), type: "text/html; charset=utf-8",
                                     extra: [.contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"])
            } catch {
                return Self.failure(String(describing: error))
            }
        }
    }

    /// POST /api/collection — {"reviews": [id…], "title", "author", "date", "style", "cover"}:
    /// one EPUB of their speeches in the order given.
    func collection(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let object = try await Self.jsonObject(request), let ids = object["reviews"] as? [String], !ids.isEmpty else {
            return Self.failure("expected {\"reviews\": [id…]}")
        }
        let reviews = ids.compactMap(store.get)
        guard reviews.count == ids.count else { return Self.failure("a review has expired: drop its file again", status: .notFound) }
        func text(_ key: String) -> String? {
            (object[key] as? String).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let collection = ConversionPlan.collection(reviews.flatMap(\.document.speeches), title: text("title"), author: text("author"),
                                                   date: text("date"), order: .input, inputs: reviews.count)
        do {
            let options = try options(style: text("style"), template: nil, cover: text("cover"))
            let bytes = try Formats.writer(for: .epub)!.write(.collection(collection), options: options)
            return Self.response(bytes, type: Self.mediaType(.epub), extra: [.contentDisposition: Self.attachment(FileName.from(title: collection.title) + ".epub")])
        } catch {
            return Self.failure(String(describing: error))
        }
    }
}

/// The checks every request passes: the Host header names this server (a page on another site
/// that rebinds its name to 127.0.0.1 is refused), a POST comes from this server's page (its
/// Origin and token), and every response carries the security headers.
struct Guard: RouterMiddleware {
    typealias Context = BasicRequestContext
    let server: ReviewServer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        let host = request.head.authority ?? ""
        if !server.allowedHosts.contains(host) {
            response = ReviewServer.failure("this server answers only to its own address", status: .forbidden)
        } else if request.method == .post,
                  request.headers[.origin].map({ origin in !server.allowedHosts.contains { "http://\($0)" == origin } }) ?? true {
            response = ReviewServer.failure("requests must come from this server's own page", status: .forbidden)
        } else if request.method == .post, request.headers[ReviewServer.tokenHeader] != server.token {
            response = ReviewServer.failure("missing or wrong page token: reload the page", status: .forbidden)
        } else {
            do { response = try await next(request, context) } catch let error as HTTPError {
                response = ReviewServer.failure(error.body ?? "\(error.status)", status: error.status)
            } catch {
                response = ReviewServer.failure("the request could not be handled")
            }
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        }
        response.headers[ReviewServer.noSniff] = "nosniff"
        response.headers[ReviewServer.referrerPolicy] = "no-referrer"
        return response
    }
}

/// Values in memory (reviews, uploaded style files, templates and covers), by a random id,
/// forgotten after `ReviewServer.expiry` untouched (and the oldest first beyond `capacity`).
final class MemoryStore<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: (value: Value, touched: Date)] = [:]
    let capacity: Int

    init(capacity: Int = ReviewServer.maximumReviews) {
        self.capacity = capacity
    }

    func add(_ value: Value) -> String {
        let id = UUID().uuidString.lowercased()
        lock.withLock {
            expire()
            values[id] = (value, Date())
        }
        return id
    }

    func get(_ id: String) -> Value? {
        lock.withLock {
            expire()
            guard let entry = values[id] else { return nil }
            values[id]!.touched = Date()
            return entry.value
        }
    }

    /// Changes a value in place; false when there is no such value.
    @discardableResult
    func update(_ id: String, _ change: (inout Value) throws -> Void) throws -> Bool {
        try lock.withLock {
            guard var entry = values[id] else { return false }
            try change(&entry.value)
            entry.touched = Date()
            values[id] = entry
            return true
        }
    }

    private func expire() {
        let now = Date()
        values = values.filter { now.timeIntervalSince($0.value.touched) < ReviewServer.expiry }
        while values.count >= capacity, let oldest = values.min(by: { $0.value.touched < $1.value.touched })?.key {
            values[oldest] = nil
        }
    }
}
