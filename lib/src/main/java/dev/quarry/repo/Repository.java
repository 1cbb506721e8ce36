package dev.quarry.repo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage of records of one type by generated id (seed 003's storage interface, SPEC §6), with the
 * same contract in memory ({@code InMemoryRepository}) and in a database ({@code JdbcRepository}).
 *
 * <p>Items are Java records described by a {@link RecordSchema}: a {@code long id} component
 * (assigned by {@link #create}), and optionally {@code Instant createdAt} and {@code Instant
 * updatedAt} components (set by {@link #create} and {@link #update}). Every method is thread-safe.
 *
 * @param <T> the record type
 */
public interface Repository<T extends Record> {
  /**
   * Stores a new item under a generated id (1, 2, 3 … in creation order); its own id is ignored.
   *
   * @param item the item
   * @return the item as stored: with its id, and {@code createdAt}/{@code updatedAt} set to now
   * @throws NullPointerException if the item is null (its components may be null, except the
   *     primitive ones, which cannot be)
   */
  T create(T item);

  /**
   * Stores several new items at once, all or none (one transaction in a database).
   *
   * @param items the items
   * @return them as stored, in order
   * @throws NullPointerException if the list or one of its items is null (then nothing is stored)
   */
  List<T> createAll(List<T> items);

  /**
   * The item with this id.
   *
   * @param id the id
   * @return the item, or empty if there is none
   */
  Optional<T> get(long id);

  /**
   * Every item, in id order; a copy the caller may keep and change.
   *
   * @return the items
   */
  List<T> getAll();

  /**
   * A page of items in id order.
   *
   * @param offset items skipped, ≥ 0
   * @param limit items returned at most, ≥ 0
   * @return the page
   */
  List<T> page(int offset, int limit);

  /**
   * Replaces the item with this id; its id is kept, {@code createdAt} kept from the stored item,
   * {@code updatedAt} set to now.
   *
   * @param id the id
   * @param item the new content
   * @return the item as stored
   * @throws NullPointerException if the item is null
   * @throws java.util.NoSuchElementException if no item has this id
   */
  T update(long id, T item);

  /**
   * Deletes the item with this id.
   *
   * @param id the id
   * @return true if there was one
   */
  boolean delete(long id);

  /**
   * The items whose attributes equal all the given values (AND), in id order. Numbers compare by
   * value whatever their Java type: {@code Integer 1}, {@code Long 1}, {@code double 1.0} and
   * {@code BigDecimal 1.00} are equal, a double equals the decimal it prints as ({@code 0.1} equals
   * {@code BigDecimal 0.1}), {@code -0.0} equals {@code 0} and NaN equals NaN; other values compare
   * by {@code equals}; null finds null.
   *
   * @param criteria attribute (record component name) → value
   * @return the matching items
   * @throws IllegalArgumentException naming the attributes there are, for an unknown attribute; and
   *     for a value no value of the attribute's type can equal (a String for a number)
   */
  List<T> findBy(Map<String, ?> criteria);

  /**
   * How many items there are.
   *
   * @return the count
   */
  long count();

  /** Deletes every item (ids keep counting up). */
  void clear();

  /**
   * Counters since the repository was opened.
   *
   * @return items, operations and latency
   */
  RepositoryMetrics metrics();
}
