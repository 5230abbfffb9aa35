import Foundation
import Hummingbird
import HummingbirdAuth

/// Refuses requests without the console's bearer token (when it has one) and over-long query strings, and turns
/// a ``ConsoleError`` into its status with a plain message (JSON under /api/, HTML elsewhere).
struct ConsoleMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The token every request must carry, or nil.
    let token: String?
    /// The longest query string served.
    static var maximumQueryLength: Int { 4096 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token {
            guard let offered = request.headers.bearer?.token, Self.constantTimeEqual(offered, token) else {
                var response = ConsoleResponse.error(
                    ConsoleError(.unauthorized, "a bearer token is required: send Authorization: Bearer TOKEN"), api: true)
                response.headers[.wwwAuthenticate] = "Bearer realm=\"qualstation\""
                return response
            }
        }
        let api = request.uri.path.hasPrefix("/api/")
        if let query = request.uri.query, query.utf8.count > Self.maximumQueryLength {
            return ConsoleResponse.error(
                ConsoleError(.badRequest, "the query string has \(query.utf8.count) bytes; at most \(Self.maximumQueryLength) are served"),
                api: api, status: .uriTooLong)
        }
        do {
            return try await next(request, context)
        } catch let error as ConsoleError {
            return ConsoleResponse.error(error, api: api)
        }
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
