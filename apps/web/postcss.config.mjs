// Tailwind CSS 4 through its PostCSS plugin (Next reads this file for every stylesheet).
export default { plugins: { '@tailwindcss/postcss': {} } };
