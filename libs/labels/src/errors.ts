/** Every way a label request can be refused; the code is the `error` field of the answer. */
export enum LabelErrorCode {
  LabelNotFound = 'label_not_found',
  LabelNameTaken = 'label_name_taken',
}
