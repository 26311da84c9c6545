# -*- Python -*-
# lit configuration that runs the gtest unit tests of ap, one lit test per
# gtest case.

import os

import lit.formats

config.name = "AP-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.ap_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
