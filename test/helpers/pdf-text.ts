/** The text of a PDF, page by page, through Mozilla's PDF.js (tests check what a rendered PDF says). */

// PDF.js's display layer builds a DOMMatrix when it loads (for canvas drawing, which text extraction never does).
(globalThis as { DOMMatrix?: unknown }).DOMMatrix ??= class DOMMatrix {};

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n');
}
