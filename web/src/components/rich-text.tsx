import { Fragment } from 'react';

/**
 * A translated sentence whose `backticked` parts are code (a tag, a
 * command, a URL): those are shown as `<code>` read left to right and
 * marked not to be translated, inside text of either direction.
 *
 * @example <RichText text="Paste it before `</head>`." />
 */
export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} dir="ltr" translate="no">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
