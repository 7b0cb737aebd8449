import type { Channel } from '../channels.js';
import type {
  DayTotals,
  OperationRow,
  OrderRow,
  RefundRow,
  SettingRow,
  TransactionRow,
} from './book-rows.js';
import { CellList, type ClickCells, type ClickCellsState, type RowListState } from './click-cells.js';

export interface StoreBook {
  readonly storeId: string;
  /** The store's click cells, in the order they were opened. */
  readonly cells: CellList;
  readonly days: Map<number, DayTotals>;
  readonly orders: OrderRow[];
  readonly settings: SettingRow[];
  readonly operations: OperationRow[];
  readonly refunds: RefundRow[];
  readonly transactions: TransactionRow[];
  /** The latest instant of any event applied to the store: where the dashboard's default period ends. */
  lastAtMs: number;
  dropped: number;
}

export interface AffiliateBook {
  readonly affiliateId: string;
  readonly channel: Channel;
  readonly cells: CellList;
  readonly orders: OrderRow[];
  dropped: number;
}

/**
 * A report book as plain data (Maps, arrays, typed arrays, plain objects): a durable platform's
 * snapshot holds it beside the engine's state (server/engine/engine-snapshot.ts), as node:v8's
 * serializer copies it. An order row is one object shared by its store's rows, its affiliate's
 * and the book's index: serialized in one piece, it stays one object when read back.
 */
export interface ReportBookState {
  readonly timeZone: string;
  readonly stores: readonly StoreBookState[];
  readonly affiliates: readonly AffiliateBookState[];
  readonly orders: Map<string, OrderRow>;
  readonly cells: ClickCellsState;
  readonly seq: number;
  readonly rows: number;
  readonly dayTotals: number;
}

export type StoreBookState = Omit<StoreBook, 'cells'> & { readonly cells: RowListState };
export type AffiliateBookState = Omit<AffiliateBook, 'cells'> & { readonly cells: RowListState };

/** A store's or affiliate's book with its cell list as its rows (the rest as it is: not copied). */
export function bookState<B extends StoreBook | AffiliateBook>(
  book: B,
): Omit<B, 'cells'> & { cells: RowListState } {
  return { ...book, cells: book.cells.state() };
}

/** The book back, its cell list over `table` (the restored book's cells). */
export function bookFromState<B extends StoreBook | AffiliateBook>(
  state: Omit<B, 'cells'> & { readonly cells: RowListState },
  table: ClickCells,
): B {
  return { ...state, cells: new CellList(table, state.cells) } as unknown as B;
}

/** A registered store's book, with nothing in it yet; its cell list over `cells`, the book's table. */
export function newStoreBook(storeId: string, cells: ClickCells): StoreBook {
  return {
    storeId,
    cells: new CellList(cells),
    days: new Map(),
    orders: [],
    settings: [],
    operations: [],
    refunds: [],
    transactions: [],
    lastAtMs: Number.NEGATIVE_INFINITY,
    dropped: 0,
  };
}
