/** Cell definitions of a 2×2 matrix. */
export interface Cell {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
}
