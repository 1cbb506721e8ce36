package dev.quarry.repo;

/** The contract, in memory. */
class InMemoryRepositoryContractTest extends RepositoryContract {
  @Override
  protected <T extends Record> Repository<T> repository(Class<T> type) {
    return new InMemoryRepository<>(type);
  }
}
