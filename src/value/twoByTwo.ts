/** A cell of a 2×2 value matrix: stable id, English and Chinese labels, the suggested action. */
export interface MatrixCell {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
}
