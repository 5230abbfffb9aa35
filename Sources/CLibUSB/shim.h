#pragma once
// libusb-1.0 for Swift. The include path comes from pkg-config (libusb-1.0).
#include <libusb.h>

// libusb_set_option is variadic, which Swift cannot call: wrap the options QualStation uses.
static inline int clibusb_set_log_level(libusb_context *context, int level) {
    return libusb_set_option(context, LIBUSB_OPTION_LOG_LEVEL, level);
}
