#pragma once
// libudev for Swift. The include path comes from pkg-config (libudev).
#include <libudev.h>
