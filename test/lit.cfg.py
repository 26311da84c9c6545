# -*- Python -*-
# lit configuration of the ap regression tests.

import importlib.util
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "AP"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ap_obj_root, "test")
# Inputs shared by several tests, and the sources of sub-projects.
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%ap_src_root", config.ap_src_root))
config.substitutions.append(("%ap_obj_root", config.ap_obj_root))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
config.substitutions.append(("%ap_hook_example", config.ap_hook_example))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.ap_tools_dir, append_path=True)

tool_dirs = [config.ap_tools_dir, config.llvm_tools_dir]
tools = [
    "ap-opt",
    "ap-run",
    "ap-sensitivity",
    ToolSubst("mlir-opt", unresolved="ignore"),
    ToolSubst("mlir-runner", unresolved="ignore"),
]
# The runtime libraries upstream's mlir-runner loads for printMemref*.
config.substitutions.append(
    (
        "%mlir_runner_libs",
        ",".join(
            os.path.join(config.llvm_lib_dir, name)
            for name in ("libmlir_c_runner_utils.so", "libmlir_runner_utils.so")
        ),
    )
)
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Checkers that use NumPy run with %python, the interpreter that runs lit;
# without NumPy their tests are unsupported rather than failing.
if importlib.util.find_spec("numpy") is not None:
    config.available_features.add("numpy")
