/**
 * Chart layout that follows the text direction: in right-to-left locales
 * time runs from right to left and the primary value axis sits on the
 * right, as readers of Persian expect.
 */
export function directionalAxes(rtl: boolean) {
  return {
    inverseX: rtl,
    primarySide: (rtl ? 'right' : 'left') as 'left' | 'right',
    secondarySide: (rtl ? 'left' : 'right') as 'left' | 'right',
    legendAlign: (rtl ? 'right' : 'left') as 'left' | 'right',
  };
}
