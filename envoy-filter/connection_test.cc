// Connection against a scripted in-process library: each OnData call takes the next scripted answer,
// so every rule of the algorithm, including each error rule that no well-behaved parser can reach, is
// exercised with exact expectations.
#include "connection.h"

#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

struct Answer {
  FilterResult result = FILTER_OK;
  std::vector<FilterOp> ops;
  std::string inject_orig; // appended to the orig inject buffer during the call
  std::string inject_reply;
};

struct Call {
  bool reply;
  bool end_stream;
  std::string input;
  size_t slices;
};

struct Script {
  std::deque<Answer> answers;
  std::vector<Call> calls;
  int close_calls = 0;
  GoSlice* orig_buf = nullptr;
  GoSlice* reply_buf = nullptr;
};

Script script;

void append(GoSlice* buf, const std::string& bytes) {
  std::memcpy(static_cast<uint8_t*>(buf->data) + buf->len, bytes.data(), bytes.size());
  buf->len += static_cast<GoInt>(bytes.size());
}

uint64_t fakeOpenModule(GoSlice, uint8_t) { return 1; }
void fakeCloseModule(uint64_t) {}

FilterResult fakeOnNewConnection(uint64_t, GoString proto, uint64_t, uint8_t, uint32_t, uint32_t, GoString,
                                 GoString, GoString, GoSlice* orig_buf, GoSlice* reply_buf) {
  if (std::string(proto.p, static_cast<size_t>(proto.n)) == "reject") {
    return FILTER_POLICY_DROP;
  }
  script.orig_buf = orig_buf;
  script.reply_buf = reply_buf;
  return FILTER_OK;
}

FilterResult fakeOnData(uint64_t, uint8_t reply, uint8_t end_stream, GoSlice* data, GoSlice* ops) {
  Call call{reply != 0, end_stream != 0, "", static_cast<size_t>(data->len)};
  const auto* slices = static_cast<const GoSlice*>(data->data);
  for (GoInt i = 0; i < data->len; ++i) {
    call.input.append(static_cast<const char*>(slices[i].data), static_cast<size_t>(slices[i].len));
  }
  script.calls.push_back(call);
  if (script.answers.empty()) {
    return FILTER_OK;
  }
  Answer answer = script.answers.front();
  script.answers.pop_front();
  append(script.orig_buf, answer.inject_orig);
  append(script.reply_buf, answer.inject_reply);
  auto* out = static_cast<FilterOp*>(ops->data);
  for (const FilterOp& op : answer.ops) {
    if (ops->len < ops->cap) {
      out[ops->len++] = op;
    }
  }
  return answer.result;
}

void fakeClose(uint64_t) { ++script.close_calls; }

const Library& fakeLibrary() {
  static const Library lib(Library::Symbols{fakeOpenModule, fakeCloseModule, fakeOnNewConnection, fakeOnData,
                                            fakeClose, nullptr});
  return lib;
}

struct Fixture {
  explicit Fixture(size_t inject_capacity = 1024) : conn(fakeLibrary(), 1, 42, inject_capacity) {
    script = Script{};
    CHECK_EQ(conn.open(ConnectionInfo{"fake", true, 1, 2, "1.1.1.1:1", "2.2.2.2:80", "2.2.2.2"}), FILTER_OK);
  }

  // One onIo call; returns what flowed on, or "<error>" after a failure.
  std::string io(bool reply, const std::string& bytes, bool end = false) {
    Buffer data;
    data.add(bytes);
    last = conn.onIo(reply, data, end);
    return last == FILTER_OK ? data.toString() : "<error>:" + data.toString();
  }

  Connection conn;
  FilterResult last = FILTER_OK;
};

FilterOp op(FilterOpType type, int64_t n) { return FilterOp{static_cast<uint64_t>(type), n}; }

TEST(passesWhatTheLibraryPasses) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 3), op(FILTEROP_DROP, 2)}, "", ""});
  CHECK_EQ(f.io(false, "abcde"), "abc");
  CHECK_EQ(script.calls.size(), 1u);
  CHECK_EQ(script.calls[0].input, "abcde");
  CHECK(!script.calls[0].reply);
}

TEST(moreGateWaitsForEnoughInput) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_MORE, 3)}, "", ""});
  CHECK_EQ(f.io(false, "ab"), "");
  // need = 2 buffered + 3 = 5: four bytes do not call the library.
  CHECK_EQ(f.io(false, "cd"), "");
  CHECK_EQ(script.calls.size(), 1u);
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 5)}, "", ""});
  CHECK_EQ(f.io(false, "e"), "abcde");
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "abcde");
}

TEST(passBeyondInputCarriesOver) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 10)}, "", ""});
  CHECK_EQ(f.io(true, "abc"), "abc");
  CHECK_EQ(f.io(true, "defg"), "defg"); // 3 of 10 left afterwards
  CHECK_EQ(script.calls.size(), 1u);
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 2)}, "", ""});
  CHECK_EQ(f.io(true, "hijXY"), "hij");
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "XY");
}

TEST(dropBeyondInputCarriesOver) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 6)}, "", ""});
  CHECK_EQ(f.io(false, "abc"), "");
  CHECK_EQ(f.io(false, "de"), "");
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 2)}, "", ""});
  CHECK_EQ(f.io(false, "fXY"), "XY");
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "XY");
}

TEST(fullOpArrayCallsAgainWithTheRest) {
  Fixture f;
  Answer first;
  for (int i = 0; i < 16; ++i) {
    first.ops.push_back(op(FILTEROP_PASS, 1));
  }
  script.answers.push_back(first);
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 4)}, "", ""});
  CHECK_EQ(f.io(false, std::string(16, 'p') + "dddd"), std::string(16, 'p'));
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "dddd");
}

TEST(fullInjectBufferCallsAgain) {
  Fixture f(8);
  script.answers.push_back({FILTER_OK, {op(FILTEROP_INJECT, 8)}, "12345678", ""});
  script.answers.push_back({FILTER_OK, {op(FILTEROP_INJECT, 1), op(FILTEROP_PASS, 2)}, "9", ""});
  CHECK_EQ(f.io(false, "ab"), "123456789ab");
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "ab");
}

TEST(reverseInjectionIsFlushedFirstOnTheReplyPath) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 4)}, "", "pong"});
  CHECK_EQ(f.io(false, "ping"), "");
  CHECK(f.conn.wantReplyInject());
  // Envoy's empty write: the reply path runs with no data and emits the injected bytes.
  CHECK_EQ(f.io(true, ""), "pong");
  CHECK(!f.conn.wantReplyInject());
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].input, "");
}

TEST(reverseInjectionWaitsBehindAPassCarryOver) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 8)}, "", ""});
  CHECK_EQ(f.io(true, "abcd"), "abcd");
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 4)}, "", "INJ"});
  CHECK_EQ(f.io(false, "ping"), "");
  CHECK_EQ(f.io(true, ""), ""); // the pending pass swallows the empty write; injection waits
  CHECK(f.conn.wantReplyInject());
  CHECK_EQ(f.io(true, "efgh"), "efghINJ");
}

TEST(endStreamStopsReplyInjectionRequests) {
  Fixture f;
  CHECK_EQ(f.io(true, "", true), "");
  script.answers.push_back({FILTER_OK, {op(FILTEROP_DROP, 4)}, "", "late"});
  CHECK_EQ(f.io(false, "ping"), "");
  CHECK(!f.conn.wantReplyInject());
}

TEST(severalSlicesReachTheLibrary) {
  Fixture f;
  script.answers.push_back({FILTER_OK, {op(FILTEROP_MORE, 1)}, "", ""});
  CHECK_EQ(f.io(false, std::string(600, 'a')), "");
  script.answers.push_back({FILTER_OK, {op(FILTEROP_PASS, 1200)}, "", ""});
  CHECK_EQ(f.io(false, std::string(600, 'b')), std::string(600, 'a') + std::string(600, 'b'));
  CHECK_EQ(script.calls.size(), 2u);
  CHECK_EQ(script.calls[1].slices, 2u);
}

void expectError(const Answer& answer, const std::string& input = "abcd", size_t inject_capacity = 1024) {
  Fixture f(inject_capacity);
  script.answers.push_back(answer);
  CHECK_EQ(f.io(false, input), "<error>:");
  CHECK_EQ(f.last, FILTER_PARSER_ERROR);
  CHECK(!f.conn.isOpen());
  CHECK(!f.conn.error().empty());
  CHECK_EQ(script.close_calls, 1);
  // Closed: no more calls into the library, and no second Close.
  const size_t calls = script.calls.size();
  CHECK_EQ(f.io(true, "more"), "<error>:");
  CHECK_EQ(f.last, FILTER_UNKNOWN_CONNECTION);
  CHECK_EQ(script.calls.size(), calls);
  f.conn.close();
  CHECK_EQ(script.close_calls, 1);
}

TEST(errorZeroLength) { expectError({FILTER_OK, {op(FILTEROP_PASS, 2), op(FILTEROP_PASS, 0)}, "", ""}); }
TEST(errorNegativeLength) { expectError({FILTER_OK, {op(FILTEROP_DROP, -1)}, "", ""}); }
TEST(errorOpAfterMore) { expectError({FILTER_OK, {op(FILTEROP_MORE, 1), op(FILTEROP_PASS, 1)}, "", ""}); }
TEST(errorOpAfterLongPass) { expectError({FILTER_OK, {op(FILTEROP_PASS, 9), op(FILTEROP_PASS, 1)}, "", ""}); }
TEST(errorInjectMoreThanBuffered) { expectError({FILTER_OK, {op(FILTEROP_INJECT, 4)}, "abc", ""}); }
TEST(errorAbandonedInjectBytes) { expectError({FILTER_OK, {op(FILTEROP_INJECT, 2), op(FILTEROP_PASS, 4)}, "abc", ""}); }
TEST(errorNonOkResult) { expectError({FILTER_UNKNOWN_CONNECTION, {}, "", ""}); }
TEST(errorErrorOp) { expectError({FILTER_OK, {op(FILTEROP_PASS, 1), op(FILTEROP_ERROR, 2)}, "", ""}); }
TEST(errorUnknownOp) { expectError({FILTER_OK, {FilterOp{7, 1}}, "", ""}); }

TEST(closeOnceOnDestruction) {
  script = Script{};
  {
    Connection conn(fakeLibrary(), 1, 7);
    CHECK_EQ(conn.open(ConnectionInfo{"fake", true, 1, 2, "a:1", "b:2", "b"}), FILTER_OK);
    conn.close();
    conn.close();
  }
  CHECK_EQ(script.close_calls, 1);
  {
    Connection conn(fakeLibrary(), 1, 8);
    CHECK_EQ(conn.open(ConnectionInfo{"fake", true, 1, 2, "a:1", "b:2", "b"}), FILTER_OK);
  }
  CHECK_EQ(script.close_calls, 2);
}

TEST(rejectedConnectionIsNeverClosed) {
  script = Script{};
  {
    Connection conn(fakeLibrary(), 1, 9);
    CHECK_EQ(conn.open(ConnectionInfo{"reject", true, 1, 2, "a:1", "b:2", "b"}), FILTER_POLICY_DROP);
    CHECK(!conn.isOpen());
  }
  CHECK_EQ(script.close_calls, 0);
}

} // namespace
} // namespace tsproxylib::filter
