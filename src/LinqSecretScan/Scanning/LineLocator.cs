namespace LinqSecretScan.Scanning;

/// <summary>Maps offsets in decoded text to 1-based lines and columns. Lines end at \n; a \r before it belongs
/// to no column anyone reports. Offsets must be asked for in increasing order, so a file is walked once.</summary>
internal sealed class LineLocator(string text)
{
    private int _position;
    private int _line = 1;
    private int _lineStart;

    public (int Line, int Column, int LineStart, int LineEnd) Locate(int offset)
    {
        if (offset < _position)
        {
            _position = 0;
            _line = 1;
            _lineStart = 0;
        }

        var span = text.AsSpan();
        while (true)
        {
            int next = span[_position..offset].IndexOf('\n');
            if (next < 0)
            {
                break;
            }

            _line++;
            _position += next + 1;
            _lineStart = _position;
        }

        _position = offset;
        int end = span[offset..].IndexOf('\n');
        int lineEnd = end < 0 ? span.Length : offset + end;
        if (lineEnd > _lineStart && span[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        return (_line, offset - _lineStart + 1, _lineStart, lineEnd);
    }
}
