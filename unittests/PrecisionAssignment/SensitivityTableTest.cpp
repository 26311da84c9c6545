//===- SensitivityTableTest.cpp - Writing and parsing "ap-sensitivity" ----===//
//
// Part of the ap project: an adaptive-precision compiler built on MLIR.
//
//===----------------------------------------------------------------------===//
//
// The "ap-sensitivity" files ap-sensitivity writes (printSensitivityTable) are
// the ones precision assignment reads (parseSensitivityTable): a table
// printed and parsed back is the same table, and the printed text has the
// layout docs/sensitivity.md describes.
//
//===----------------------------------------------------------------------===//

#include "ap/PrecisionAssignment/SensitivityTable.h"

#include "llvm/Support/JSON.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::ap;

namespace {

/// Two ops: one measured by execution (metrics, an exact f16 whose SQNR is
/// null), one without loc or metrics.
SensitivityTable makeTable() {
  SensitivityTable table;
  table.source = "execution";
  table.metric = "top1_disagreement";
  table.model = "cnn.mlir";
  table.examples = 300;
  table.forwardPassEquivalents = 21.5;

  OpSensitivity conv;
  conv.key = "main#1";
  conv.name = "linalg.conv_2d_nhwc_hwcf";
  conv.loc = "conv1";
  conv.losses = {{Precision::F16, 0.0},
                 {Precision::F8E4M3FN, 0.0125},
                 {Precision::I4, 0.25}};
  conv.metrics = {{Precision::F16,
                   {{"relative_l2", 0.0},
                    {"sqnr_db", std::nullopt},
                    {"softmax_kl", 0.0},
                    {"top1_agreement", 1.0}}},
                  {Precision::F8E4M3FN,
                   {{"relative_l2", 0.03125},
                    {"sqnr_db", 30.5},
                    {"softmax_kl", 0.001},
                    {"top1_agreement", 0.9875},
                    {"top1_accuracy", 0.9},
                    {"accuracy_drop", 0.0125}}}};
  EXPECT_TRUE(table.addOp(conv));

  OpSensitivity fc;
  fc.key = "main#7";
  fc.name = "linalg.matmul";
  fc.losses = {{Precision::BF16, 1.5e-3}, {Precision::I8, 0.0}};
  EXPECT_TRUE(table.addOp(fc));
  return table;
}

TEST(SensitivityTableTest, RoundTrip) {
  SensitivityTable table = makeTable();
  std::string text = printSensitivityTable(table);
  llvm::Expected<SensitivityTable> parsed =
      parseSensitivityTable(text, "round-trip.json");
  ASSERT_TRUE(static_cast<bool>(parsed))
      << llvm::toString(parsed.takeError()) << "\n"
      << text;

  EXPECT_EQ(parsed->source, "execution");
  EXPECT_EQ(parsed->metric, "top1_disagreement");
  EXPECT_EQ(parsed->model, "cnn.mlir");
  EXPECT_EQ(parsed->examples, 300);
  EXPECT_EQ(parsed->forwardPassEquivalents, 21.5);
  ASSERT_EQ(parsed->getOps().size(), 2u);

  const OpSensitivity *conv = parsed->lookup("main#1");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->name, "linalg.conv_2d_nhwc_hwcf");
  EXPECT_EQ(conv->loc, "conv1");
  ASSERT_EQ(conv->losses.size(), 3u);
  EXPECT_EQ(conv->losses[0], std::make_pair(Precision::F16, 0.0));
  EXPECT_EQ(conv->losses[1], std::make_pair(Precision::F8E4M3FN, 0.0125));
  EXPECT_EQ(conv->losses[2], std::make_pair(Precision::I4, 0.25));
  // f32 is the reference; bf16 was not measured.
  EXPECT_EQ(conv->lookupLoss(Precision::F32), std::optional<double>(0.0));
  EXPECT_EQ(conv->lookupLoss(Precision::BF16), std::nullopt);

  const CandidateMetrics *exact = conv->lookupMetrics(Precision::F16);
  ASSERT_NE(exact, nullptr);
  EXPECT_EQ(exact->size(), 4u);
  ASSERT_TRUE(exact->count("sqnr_db"));
  EXPECT_EQ(exact->at("sqnr_db"), std::nullopt);
  EXPECT_EQ(exact->at("top1_agreement"), std::optional<double>(1.0));
  const CandidateMetrics *fp8 = conv->lookupMetrics(Precision::F8E4M3FN);
  ASSERT_NE(fp8, nullptr);
  EXPECT_EQ(fp8->size(), 6u);
  EXPECT_EQ(fp8->at("sqnr_db"), std::optional<double>(30.5));
  EXPECT_EQ(fp8->at("accuracy_drop"), std::optional<double>(0.0125));
  EXPECT_EQ(conv->lookupMetrics(Precision::I4), nullptr);

  const OpSensitivity *fc = parsed->lookup("main#7");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->name, "linalg.matmul");
  EXPECT_EQ(fc->loc, "");
  EXPECT_EQ(fc->losses.size(), 2u);
  EXPECT_EQ(fc->lookupLoss(Precision::BF16), std::optional<double>(1.5e-3));
  EXPECT_EQ(fc->lookupLoss(Precision::I8), std::optional<double>(0.0));
  EXPECT_TRUE(fc->metrics.empty());

  // Printing the parsed table gives the same text.
  EXPECT_EQ(printSensitivityTable(*parsed), text);
}

TEST(SensitivityTableTest, Layout) {
  std::string text = printSensitivityTable(makeTable());
  // Indented by 2, ending with a newline.
  EXPECT_EQ(text.substr(0, 20), "{\n  \"examples\": 300,");
  EXPECT_EQ(text.back(), '\n');

  llvm::Expected<llvm::json::Value> root = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(root)) << llvm::toString(root.takeError());
  const llvm::json::Object *object = root->getAsObject();
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->getString("format"), "ap-sensitivity");
  EXPECT_EQ(object->getInteger("version"), 1);
  const llvm::json::Array *ops = object->getArray("ops");
  ASSERT_NE(ops, nullptr);
  ASSERT_EQ(ops->size(), 2u);
  // File order is table order; "loc" only when the op has one.
  const llvm::json::Object *conv = (*ops)[0].getAsObject();
  const llvm::json::Object *fc = (*ops)[1].getAsObject();
  ASSERT_TRUE(conv && fc);
  EXPECT_EQ(conv->getString("op"), "main#1");
  EXPECT_EQ(conv->getString("loc"), "conv1");
  EXPECT_EQ(fc->getString("op"), "main#7");
  EXPECT_EQ(fc->get("loc"), nullptr);
  // Precisions by their names; "metrics" only where measured, a null SQNR
  // for an exact result.
  const llvm::json::Array *candidates = conv->getArray("candidates");
  ASSERT_NE(candidates, nullptr);
  ASSERT_EQ(candidates->size(), 3u);
  const llvm::json::Object *f16 = (*candidates)[0].getAsObject();
  const llvm::json::Object *fp8 = (*candidates)[1].getAsObject();
  const llvm::json::Object *i4 = (*candidates)[2].getAsObject();
  ASSERT_TRUE(f16 && fp8 && i4);
  EXPECT_EQ(f16->getString("precision"), "f16");
  EXPECT_EQ(fp8->getString("precision"), "f8E4M3FN");
  EXPECT_EQ(fp8->getNumber("loss"), 0.0125);
  EXPECT_EQ(i4->getString("precision"), "i4");
  EXPECT_EQ(i4->get("metrics"), nullptr);
  const llvm::json::Object *metrics = f16->getObject("metrics");
  ASSERT_NE(metrics, nullptr);
  ASSERT_NE(metrics->get("sqnr_db"), nullptr);
  EXPECT_EQ(metrics->get("sqnr_db")->kind(), llvm::json::Value::Null);
}

TEST(SensitivityTableTest, DuplicateKey) {
  SensitivityTable table = makeTable();
  OpSensitivity again;
  again.key = "main#7";
  EXPECT_FALSE(table.addOp(again));
  EXPECT_EQ(table.getOps().size(), 2u);
  EXPECT_EQ(table.lookup("main#7")->name, "linalg.matmul");
}

} // namespace
