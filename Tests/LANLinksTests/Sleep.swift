import Glibc

/// Blocks the calling (server) thread briefly.
func _sleep(milliseconds: Int) throws {
    usleep(useconds_t(milliseconds * 1000))
}
