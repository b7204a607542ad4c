/** Content-Type checks, tolerant of parameters and case (`Text/HTML; charset=utf-8`). */
export function isHtmlType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const t = contentType.toLowerCase();
  return t.includes('text/html') || t.includes('application/xhtml+xml');
}

export function isCssType(contentType: string | null): boolean {
  return contentType !== null && contentType.toLowerCase().includes('text/css');
}

export function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
