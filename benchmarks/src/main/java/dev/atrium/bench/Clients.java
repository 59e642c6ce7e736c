package dev.atrium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A fixed number of concurrent clients, each running a loop until it says it is done. */
final class Clients {

  interface Loop {
    /** Runs one client's work until it is done. */
    void run(int client) throws Exception;
  }

  private Clients() {}

  /** Runs {@code loop} on {@code count} clients at once; the seconds until the last one finished. */
  static double run(int count, Loop loop) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int client = i;
        running.add(threads.submit(() -> {
          loop.run(client);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      threads.shutdownNow();
    }
  }
}
