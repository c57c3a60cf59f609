{
  "targets": [{
    "target_name": "tsproxylib",
    "sources": [
      "bindings/addon/addon.cc",
      "bindings/bridge.cc",
      "native/module.cc",
      "native/params.cc",
      "native/instances.cc",
      "native/access_log.cc",
      "native/file_log.cc",
      "native/connections.cc",
      "native/bundles.cc",
      "native/runtime/js_runtime.cc"
    ],
    "include_dirs": [
      "<!(node -p \"require('node-addon-api').include_dir\")",
      "native",
      "native/include",
      "bindings"
    ],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
    "cflags_cc": ["-std=c++17", "-Wall", "-Wno-unused-parameter"],
    "cflags_cc!": ["-std=gnu++14", "-std=gnu++17"]
  }, {
    "target_name": "tsproxylib_re2",
    "sources": ["bindings/re2/re2_binding.cc"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "libraries": ["-lre2"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
    "cflags_cc": ["-std=c++17", "-Wall", "-Wno-unused-parameter"],
    "cflags_cc!": ["-std=gnu++14", "-std=gnu++17"]
  }]
}
