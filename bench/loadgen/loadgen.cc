// tsproxylib-loadgen: a closed-loop request/response load generator for the Envoy benchmark. Each of
// N connections sends one request, waits until the response ends with a given terminator, records the
// round trip and sends the next, for a fixed time after a warm-up. Prints one JSON object: request
// rate and latency percentiles (µs).
//
//   tsproxylib-loadgen --host 127.0.0.1 --port 11211 --connections 16 --duration 5 --warmup 1
//                      --request 'get bench\r\n' --until 'END\r\n'
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  int connections = 16;
  double duration_s = 5;
  double warmup_s = 1;
  std::string request;
  std::string until;
};

// "\r", "\n", "\t", "\\" and "\xHH" in command-line arguments.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 'r') out += '\r';
    else if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--host") o.host = v;
    else if (k == "--port") o.port = v;
    else if (k == "--connections") o.connections = std::stoi(v);
    else if (k == "--duration") o.duration_s = std::stod(v);
    else if (k == "--warmup") o.warmup_s = std::stod(v);
    else if (k == "--request") o.request = unescape(v);
    else if (k == "--until") o.until = unescape(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  if (o.port.empty() || o.request.empty() || o.until.empty() || o.connections < 1) {
    throw std::invalid_argument("--port, --request and --until are required, --connections >= 1");
  }
  return o;
}

struct Conn {
  int fd = -1;
  size_t sent = 0;
  std::string received;
  Clock::time_point started;
};

int connectTo(const Options& o) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(o.host.c_str(), o.port.c_str(), &hints, &res) != 0 || res == nullptr) {
    throw std::runtime_error("cannot resolve " + o.host);
  }
  const int fd = socket(res->ai_family, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
    freeaddrinfo(res);
    throw std::runtime_error("cannot connect to " + o.host + ":" + o.port + ": " + std::strerror(errno));
  }
  freeaddrinfo(res);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Writes what the socket takes of the request; true once all of it is out.
bool pushRequest(Conn& c, const std::string& request) {
  while (c.sent < request.size()) {
    const ssize_t n = send(c.fd, request.data() + c.sent, request.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN) return false;
      throw std::runtime_error(std::string("send: ") + std::strerror(errno));
    }
    c.sent += static_cast<size_t>(n);
  }
  return true;
}

double percentile(const std::vector<uint32_t>& sorted_ns, double p) {
  if (sorted_ns.empty()) return 0;
  const size_t i = std::min(sorted_ns.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted_ns.size())));
  return sorted_ns[i] / 1000.0;
}

} // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    const int ep = epoll_create1(0);
    std::vector<Conn> conns(static_cast<size_t>(o.connections));
    for (size_t i = 0; i < conns.size(); ++i) {
      conns[i].fd = connectTo(o);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
      ev.data.u64 = i;
      epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
      conns[i].started = Clock::now();
      pushRequest(conns[i], o.request);
    }
    const auto begin = Clock::now();
    const auto measure_from = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup_s));
    const auto end = measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration_s));
    std::vector<uint32_t> latencies;
    latencies.reserve(1 << 20);
    std::vector<epoll_event> events(conns.size());
    char buf[65536];
    while (Clock::now() < end) {
      const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
      for (int e = 0; e < n; ++e) {
        Conn& c = conns[events[e].data.u64];
        if (c.sent < o.request.size()) pushRequest(c, o.request);
        for (;;) {
          const ssize_t r = recv(c.fd, buf, sizeof(buf), 0);
          if (r == 0) throw std::runtime_error("the server closed a connection");
          if (r < 0) {
            if (errno == EAGAIN) break;
            throw std::runtime_error(std::string("recv: ") + std::strerror(errno));
          }
          c.received.append(buf, static_cast<size_t>(r));
        }
        // A complete response: record it and send the next request on this connection.
        if (c.received.size() >= o.until.size() &&
            c.received.compare(c.received.size() - o.until.size(), o.until.size(), o.until) == 0) {
          const auto now = Clock::now();
          if (now >= measure_from) {
            latencies.push_back(static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.started).count()));
          }
          c.received.clear();
          c.sent = 0;
          c.started = now;
          pushRequest(c, o.request);
        }
      }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - measure_from).count();
    double sum = 0;
    for (uint32_t l : latencies) sum += l;
    std::sort(latencies.begin(), latencies.end());
    std::printf("{\"connections\":%d,\"seconds\":%.3f,\"requests\":%zu,\"rps\":%.1f,\"mean_us\":%.2f,"
                "\"p50_us\":%.2f,\"p90_us\":%.2f,\"p99_us\":%.2f,\"p999_us\":%.2f}\n",
                o.connections, seconds, latencies.size(), static_cast<double>(latencies.size()) / seconds,
                latencies.empty() ? 0 : sum / static_cast<double>(latencies.size()) / 1000.0, percentile(latencies, 0.5),
                percentile(latencies, 0.9), percentile(latencies, 0.99), percentile(latencies, 0.999));
    for (Conn& c : conns) close(c.fd);
    close(ep);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tsproxylib-loadgen: %s\n", e.what());
    return 1;
  }
}
