/* Search and sort keys of Vietnamese names, as agent_app/domain/text.py makes them (tests hold the two
   to the same keys): the copy derives them from the name rather than pull them. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};

  /* Accent-free, lower-case, single-spaced: "Nguyễn Văn Đức" -> "nguyen van duc". */
  function searchKey(value) {
    return String(value === null || value === undefined ? '' : value).normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
      .replace(/\s+/g, ' ').trim();
  }

  /* Given name first, then middle names, then family name. */
  function sortKey(fullName) {
    const words = searchKey(fullName).split(' ');
    if (words.length < 2) return words[0];
    return [words[words.length - 1]].concat(words.slice(1, -1), [words[0]]).join(' ');
  }

  DTN.names = {searchKey, sortKey};
})(self);
