package dev.quarry.repo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract, in a fresh SQLite file per repository. */
class JdbcRepositoryContractTest extends RepositoryContract {
  @TempDir Path dir;
  private final List<JdbcRepository<?>> open = new ArrayList<>();

  @Override
  protected <T extends Record> Repository<T> repository(Class<T> type) {
    JdbcRepository<T> r = JdbcRepository.open(dir.resolve("db-" + open.size() + ".sqlite"), type);
    open.add(r);
    return r;
  }

  @AfterEach
  void closeAll() {
    open.forEach(JdbcRepository::close);
  }
}
