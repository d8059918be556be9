// toml++ alone, as TOMLKit 0.6.0 builds it (assertions compiled in), behind the daemon's TOMLParserGuard: any
// assertion reached is one the guard lets through, so one that a typo in a configuration file can abort the
// daemon with. See run.sh.
#define TOML_EXCEPTIONS 0
#include TOML_HEADER
#include <cstdint>

extern "C" int guard_refuses(const uint8_t *data, long count);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (guard_refuses(data, static_cast<long>(size))) return 0;
    auto result = toml::parse(std::string_view(reinterpret_cast<const char *>(data), size));
    (void)result;
    return 0;
}
