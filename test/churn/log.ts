// A small log written out, shared by the period tests: customers a..d over January–April 2024, as of
// 2024-04-30 (a refund in March, an order of two rows in February).
export const log = [
  { customerId: "a", date: "2024-01-03", amount: 100, orderId: "1" },
  { customerId: "a", date: "2024-01-20", amount: 50, orderId: "2" },
  { customerId: "b", date: "2024-01-15", amount: 30, orderId: "3" },
  { customerId: "a", date: "2024-02-02", amount: 70, orderId: "4" },
  { customerId: "c", date: "2024-02-14", amount: 20, orderId: "5" },
  { customerId: "c", date: "2024-02-14", amount: 5, orderId: "5" },
  { customerId: "b", date: "2024-03-10", amount: 40, orderId: "6" },
  { customerId: "a", date: "2024-03-11", amount: -10, orderId: "R1" },
  { customerId: "d", date: "2024-04-01", amount: 60, orderId: "7" },
  { customerId: "b", date: "2024-04-02", amount: 10, orderId: "8" },
];

/** Explicit windows over the log: February, and 5 March to 15 April (label defaulted). */
export const windows = [
  { start: "2024-02-01", end: "2024-02-29", label: "Feb" },
  { start: "2024-03-05", end: "2024-04-15" },
];
