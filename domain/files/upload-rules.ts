/**
 * What a teacher may attach (R9): documents and images up to 20 MB, the type decided from the
 * content — never from the name or the browser's claim.
 */

/** Largest file a teacher may attach to a topic or homework. */
export const MAX_ATTACHMENT_MB = 20;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

export interface AllowedType {
  mime: string;
  /** The extension a download gets (the first) and the ones a name may already carry. */
  extensions: readonly string[];
}

/** Every accepted type, keyed by the extension `file-type` reports for it. */
export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  txt: { mime: 'text/plain', extensions: ['txt'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { mime: 'image/webp', extensions: ['webp'] },
  gif: { mime: 'image/gif', extensions: ['gif'] },
};

/** The list a refusal names: "pdf, docx, …". */
export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED_TYPES).join(', ');

// Control characters (a name posing as a path or breaking a header) and path separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g;
const MAX_NAME = 200;

/**
 * The name a download carries: the uploaded name without folders or unsafe characters (Kyrgyz
 * and Russian letters stay), at most 200 characters, ending in the extension of the detected
 * type (a PNG sent as `photo.pdf` downloads as `photo.png`).
 */
export const sanitizeFileName = (raw: string, type: AllowedType): string => {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  let stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const knownExt = Object.values(ALLOWED_TYPES).some((t) => t.extensions.includes(ext));
  if (ext && !knownExt) stem = name; // "доклад.v2" keeps its dot; the type's extension follows
  stem = stem.trim() || 'file';
  const finalExt = type.extensions.includes(ext) ? ext : (type.extensions[0] ?? 'bin');
  const room = MAX_NAME - finalExt.length - 1;
  return `${[...stem].slice(0, room).join('').trim()}.${finalExt}`;
};
