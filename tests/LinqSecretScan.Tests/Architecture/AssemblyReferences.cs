using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LinqSecretScan.Tests.Architecture;

/// <summary>What each type of a compiled assembly refers to, read from its metadata and IL: base types, interfaces,
/// signatures of fields, methods and properties, local variables, attributes, and every type, method and field token
/// in method bodies (so `var`, static calls and lambdas count as well as declarations). Nested and compiler-generated
/// types count as their outermost declaring type.</summary>
internal sealed class AssemblyReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private AssemblyReferences(Dictionary<string, HashSet<string>> types, Dictionary<string, HashSet<string>> externalMembers)
    {
        Types = types;
        ExternalMembers = externalMembers;
    }

    /// <summary>For each type of the assembly (full name), the assembly's own types it refers to (full names).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Types { get; }

    /// <summary>For each type of the assembly, the members of other assemblies it uses, as `Namespace.Type::Member/N`
    /// with N the number of parameters.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> ExternalMembers { get; }

    public static AssemblyReferences Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var external = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            string owner = FullName(md, Outermost(md, handle));
            var collector = new Collector(md, pe);
            collector.Type(handle);
            if (!types.TryGetValue(owner, out var referenced))
            {
                types[owner] = referenced = new HashSet<string>(StringComparer.Ordinal);
                external[owner] = new HashSet<string>(StringComparer.Ordinal);
            }

            referenced.UnionWith(collector.Found.Select(h => FullName(md, Outermost(md, h))));
            external[owner].UnionWith(collector.ExternalMembers);
        }

        return new AssemblyReferences(types, external);
    }

    private static TypeDefinitionHandle Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        while (md.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer)
        {
            handle = outer;
        }

        return handle;
    }

    private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? md.GetString(type.Name) : $"{ns}.{md.GetString(type.Name)}";
    }

    private static string ExternalTypeName(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => md.GetTypeReference((TypeReferenceHandle)handle) is var r
            ? $"{md.GetString(r.Namespace)}.{md.GetString(r.Name)}"
            : string.Empty,
        _ => string.Empty,
    };

    private sealed class Collector(MetadataReader md, PEReader pe) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = [];

        public HashSet<string> ExternalMembers { get; } = new(StringComparer.Ordinal);

        public void Type(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Entity(md.GetInterfaceImplementation(implementation).Interface);
            }

            Attributes(type.GetCustomAttributes());
            foreach (var parameter in type.GetGenericParameters())
            {
                foreach (var constraint in md.GetGenericParameter(parameter).GetConstraints())
                {
                    Entity(md.GetGenericParameterConstraint(constraint).Type);
                }
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                field.DecodeSignature(this, null);
                Attributes(field.GetCustomAttributes());
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(propertyHandle);
                property.DecodeSignature(this, null);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                Method(md.GetMethodDefinition(methodHandle));
            }
        }

        private void Method(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            Attributes(method.GetCustomAttributes());
            foreach (var parameter in method.GetParameters())
            {
                Attributes(md.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = (short)(0xFE00 | il.ReadByte());
                }

                var opCode = OpCodesByValue[value];
                switch (opCode.OperandType)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        // Read the count first: `il.Offset += il.ReadInt32() * 4` would read Offset before the
                        // count advanced it, and land 4 bytes short.
                        int targets = il.ReadInt32();
                        il.Offset += targets * 4;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    default:
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Entity(md.GetCustomAttribute(attribute).Constructor);
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Found.Add(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Found.Add(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MethodSpecification:
                    var specification = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    MemberReference(md.GetMemberReference((MemberReferenceHandle)handle));
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }

                    break;
            }
        }

        private void MemberReference(MemberReference member)
        {
            Entity(member.Parent);
            int parameters = -1;
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                parameters = member.DecodeMethodSignature(this, null).RequiredParameterCount;
            }
            else
            {
                member.DecodeFieldSignature(this, null);
            }

            string parent = ExternalTypeName(md, member.Parent);
            if (parent.Length > 0)
            {
                ExternalMembers.Add($"{parent}::{md.GetString(member.Name)}/{parameters}");
            }
        }

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Found.Add(handle);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, System.Collections.Immutable.ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;
    }
}
