/**
 * Text widths as resvg draws them: the advance widths of DejaVu Sans (the sans-serif font
 * PNGs are rendered with), so Vega sizes a chart to its text without a canvas. Without this,
 * Vega on Node guesses 0.8 em a character, which pads every chart with blank space.
 * Characters outside the table count 0.6 em (0.65 em bold).
 */

/** The characters the tables below cover, in order. */
const characters = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~–—‘’“”…·•×≥≤éèàüöäçñ€°±−→';

/** Advance widths in thousandths of an em, read from DejaVuSans.ttf (hmtx table). */
const regular = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838,
  531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390,
  838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337,
  636, 838, 500, 1000, 318, 318, 518, 518, 1000, 318, 590, 838, 838, 838, 615, 615, 613, 634, 612, 613, 550, 634, 636, 500, 838, 838, 838,
];

/** The same from DejaVuSans-Bold.ttf. */
const bold = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838,
  580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457,
  838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365,
  712, 838, 500, 1000, 380, 380, 657, 657, 1000, 380, 639, 838, 838, 838, 678, 678, 675, 712, 687, 675, 593, 712, 696, 500, 838, 838, 838,
];

const regularWidths = new Map([...characters].map((character, index) => [character, regular[index]!]));
const boldWidths = new Map([...characters].map((character, index) => [character, bold[index]!]));

/**
 * The width of a line of text in pixels at `fontSize`, in DejaVu Sans.
 *
 * @example textWidth('median', 10) // 37.49
 */
export function textWidth(text: string, fontSize: number, isBold = false): number {
  const widths = isBold ? boldWidths : regularWidths;
  const fallback = isBold ? 650 : 600;
  let total = 0;
  for (const character of text) total += widths.get(character) ?? fallback;
  return (total / 1000) * fontSize;
}
